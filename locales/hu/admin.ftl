# What merchants read in the admin pages. Every message here must exist in every language (a test
# fails otherwise).
# Hungarian: formal "Ön" form or impersonal wording, as usual in admin software.

admin-mailbox-title = Fejlesztői postafiók
admin-mailbox-intro = Nincs beállítva SMTP-szerver, ezért a vevőknek szóló üzenetek kiküldés helyett itt maradnak. Mindegyik úgy jelenik meg, ahogyan a vevő megkapná.
admin-mailbox-empty = Nincs még üzenet.
admin-col-when = Időpont
admin-col-shop = Bolt
admin-col-to = Címzett
admin-col-subject = Tárgy
admin-col-kind = Üzenet
admin-col-channel = Csatorna
admin-col-state = Állapot
admin-back = Vissza a postafiókhoz
admin-view-html = Megnyitás a vevő nézetében
admin-text-part = Egyszerű szöveg
admin-history = Előzmények
admin-sms = SMS
admin-email = E-mail
admin-sign-in-needed = Az üzenetek megtekintéséhez jelentkezzen be a bolthoz tartozó fiókkal.
