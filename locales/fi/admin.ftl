# What merchants read in the admin pages. Every message here must exist in every language (a test
# fails otherwise).

admin-mailbox-title = Kehitysympäristön postilaatikko
admin-mailbox-intro = SMTP-palvelinta ei ole määritetty, joten ostajille tarkoitettuja viestejä ei lähetetä vaan ne säilytetään täällä. Jokainen viesti näytetään sellaisena kuin ostaja saisi sen.
admin-mailbox-empty = Ei vielä viestejä.
admin-col-when = Aika
admin-col-shop = Kauppa
admin-col-to = Vastaanottaja
admin-col-subject = Aihe
admin-col-kind = Viesti
admin-col-channel = Kanava
admin-col-state = Tila
admin-back = Takaisin postilaatikkoon
admin-view-html = Avaa ostajan näkymässä
admin-text-part = Pelkkä teksti
admin-history = Historia
admin-sms = Tekstiviesti
admin-email = Sähköposti
admin-sign-in-needed = Kirjaudu sisään kaupan tilillä nähdäksesi sen viestit.
