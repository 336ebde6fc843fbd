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

## Frame and navigation
admin-nav = Ylläpito
admin-nav-home = Etusivu
admin-nav-orders = Tilaukset
admin-nav-mailbox = Viestit
admin-nav-queue = Jono
admin-nav-templates = Viestipohjat
admin-nav-settings = Asetukset
admin-nav-users = Käyttäjät
admin-nav-audit = Tapahtumaloki
admin-shop = Kauppa
admin-switch = Vaihda
admin-sign-out = Kirjaudu ulos
admin-account = Oma tili
admin-save = Tallenna
admin-saved = Tallennettu.
admin-copy = Kopioi
admin-any = Kaikki
admin-next-page = Seuraava sivu
admin-fix-errors = Korjaa seuraavat kohdat:
admin-continue = Jatka
admin-line = rivi

## Refusals
admin-denied-title = Ei sallittu
admin-denied = Roolisi tässä kaupassa ei salli tätä sivua tai toimintoa. Jos tarvitset sitä, pyydä kaupan omistajaa.
admin-cross-site = Pyyntö tuli toiselta verkkosivustolta, joten se hylättiin. Avaa ylläpito suoraan ja yritä uudelleen.
admin-csrf = Lomake on vanhentunut tai se ei ole peräisin tästä ylläpidosta. Päivitä sivu ja yritä uudelleen.
admin-session-ended-title = Uloskirjautunut
admin-session-ended = Istuntosi on päättynyt. Kirjaudu uudelleen sisään jatkaaksesi.
admin-too-large-title = Liian suuri
admin-too-large = Lähettämäsi tieto on liian suuri.
admin-not-found-title = Ei löytynyt
admin-not-found = Sivua ei ole olemassa, tai se kuuluu toiselle kaupalle.

## Sign-in, reset, invitations
admin-sign-in-title = Kirjaudu sisään
admin-sign-in = Kirjaudu sisään
admin-password = Salasana
admin-forgot = Unohditko salasanasi?
admin-sign-in-wrong = Sähköpostiosoite tai salasana on väärä.
admin-sign-in-limited = Liian monta yritystä. Odota muutama minuutti ja yritä uudelleen.
admin-form-expired = Lomake vanheni. Yritä uudelleen.
admin-signed-out = Olet kirjautunut ulos.
admin-reset-title = Palauta salasana
admin-reset-intro = Anna tilisi sähköpostiosoite. Lähetämme sinulle linkin, jolla voit valita uuden salasanan.
admin-reset-send = Lähetä linkki
admin-reset-sent = Jos tällä osoitteella on tili, linkki on matkalla. Se toimii kerran ja 30 minuutin ajan.
admin-reset-choose = Valitse uusi, vähintään 12 merkin salasana. Sinut kirjataan ulos kaikkialta.
admin-reset-done = Salasanasi on vaihdettu. Kirjaudu sisään uudella salasanalla.
admin-back-to-sign-in = Takaisin kirjautumiseen
admin-new-password = Uusi salasana
admin-link-gone-title = Linkki ei toimi
admin-link-gone = Linkki on vanhentunut tai sitä on jo käytetty. Pyydä uusi linkki.
admin-reset-mail-subject = Vaihda aftercare-salasanasi
# $link: the reset page
admin-reset-mail-body = Joku (toivottavasti sinä) pyysi aftercare-tilisi salasanan vaihtamista. Valitse uusi salasana 30 minuutin kuluessa täällä: { $link }
    
    Jos et pyytänyt tätä, voit jättää viestin huomiotta: salasanasi pysyy ennallaan.
admin-invite-title = Liity kauppaan
# $email: the invited address
admin-invite-new = Valitse salasana (vähintään 12 merkkiä) uudelle tilillesi: { $email }.
admin-invite-existing = Liity tähän kauppaan antamalla tilisi salasana: { $email }.
admin-invite-retry = Yritä uudelleen.
admin-invite-joined = Olet liittynyt kauppaan. Kirjaudu sisään jatkaaksesi.
# $shop: the shop's name
admin-invite-mail-subject = Kutsu aftercare-palveluun: { $shop }
# $inviter: who invited; $link: the page to accept
admin-invite-mail-body = { $inviter } kutsui sinut mukaan ylläpitämään kauppaa aftercare-palvelussa. Kauppa: { $shop }. Hyväksy kutsu 7 päivän kuluessa: { $link }

## Account
admin-language = Kieli
admin-change-password = Vaihda salasana
admin-current-password = Nykyinen salasana
admin-change-password-note = Kun vaihdat salasanan, sinut kirjataan ulos kaikilla muilla laitteilla.
admin-password-changed = Salasanasi on vaihdettu. Muut istuntosi on päätetty.
admin-sessions = Missä olet kirjautuneena
admin-col-signed-in = Kirjautunut
admin-col-last-seen = Viimeksi aktiivinen
admin-col-browser = Selain
admin-sign-out-everywhere = Kirjaudu ulos kaikkialta

## Home
admin-home-late = Myöhästymässä
admin-home-problems = Ongelmalliset paketit
admin-home-failed-today = Tänään toimittamatta jääneet viestit
admin-home-stages = Viimeisten 30 päivän tilaukset vaiheittain
admin-home-per-day = Tilaukset päivittäin
admin-home-none = Ei mitään. Hyvä niin.

## Orders
admin-search = Haku
admin-search-hint = Tilausnumero, sähköposti, nimi tai seurantatunnus
admin-search-button = Hae
admin-from = Alkaen
admin-to = Asti
admin-trending-late = Myöhästymässä
admin-orders-none = Ei vastaavia tilauksia.
admin-col-order = Tilaus
admin-col-placed = Tilattu
admin-col-buyer = Ostaja
admin-col-stage = Vaihe
admin-col-method = Toimitus
admin-col-total = Yhteensä
admin-col-carrier = Kuljetusyhtiö
admin-col-status = Tila
admin-col-updated = Päivitetty
admin-open-tracking = Avaa ostajan seurantasivu
admin-buyer = Ostaja
admin-phone = Puhelin
admin-source = Lähde
admin-external-id = Tunnus kaupassa
admin-address-shipping = Toimitusosoite
admin-address-billing = Laskutusosoite
admin-items = Tuotteet
admin-parcels = Paketit
admin-no-parcels = Ei vielä pakettia.
admin-estimate = Arvioitu toimitus
admin-place = Noutopaikka
admin-collect-by = Noudettava viimeistään
admin-messages = Mitä ostajalle on kerrottu
admin-no-messages = Ei vielä viestejä.
admin-raw-events = Kauppa-alustalta ja kuljetusyhtiöiltä saapuneet raakatiedot
admin-no-raw-events = Tähän tilaukseen ei liity saapuneita webhook-kutsuja.

## Queue
admin-col-job = Tehtävä
admin-col-attempts = Yritykset
admin-col-error = Viimeisin virhe
admin-queue-empty = Ei tehtäviä tässä tilassa.
admin-retry = Yritä uudelleen
admin-job-queued = Odottaa
admin-job-running = Käynnissä
admin-job-dead = Epäonnistui lopullisesti
admin-job-done = Valmis

## Templates
admin-templates-intro = Jokainen viesti kaikilla kielillä. Voit kirjoittaa mistä tahansa oman versiosi; muissa säilyy aftercaren oletusteksti.
admin-template-own = Oma
admin-template-default = Oletus
admin-back-templates = Kaikki viestipohjat
admin-html-part = HTML
admin-template-variables = Voit käyttää:
admin-preview = Esikatselu
admin-preview-order = Esikatsele tilauksella (numero tai tunnus; tyhjä: esimerkkitiedot)
admin-preview-no-order = Tällä numerolla ei löydy tilausta.
admin-template-reset = Palauta oletus
admin-kind-order_confirmation = Tilausvahvistus
admin-kind-preparing = Käsittelyssä
admin-kind-shipped = Lähetetty
admin-kind-out_for_delivery = Jakelussa
admin-kind-ready_for_pickup = Noudettavissa
admin-kind-delivered = Toimitettu
admin-kind-picked_up = Noudettu
admin-kind-attempt_fail = Toimitusyritys epäonnistui
admin-kind-exception = Viive tai ongelma
admin-kind-returning = Palautumassa kauppaan
admin-kind-cancelled = Peruttu
admin-kind-collect_reminder = Noutomuistutus
admin-kind-review_request = Arvostelupyyntö

## Settings
admin-settings-shop = Kauppa
admin-shop-name = Kaupan nimi
admin-default-locale = Oletuskieli
admin-enabled-locales = Ostajien valittavissa olevat kielet
admin-time-zone = Aikavyöhyke
admin-business-hours = Aukioloajat (jätä suljettu päivä tyhjäksi)
admin-opens = avautuu
admin-closes = sulkeutuu
admin-day-mon = Maanantai
admin-day-tue = Tiistai
admin-day-wed = Keskiviikko
admin-day-thu = Torstai
admin-day-fri = Perjantai
admin-day-sat = Lauantai
admin-day-sun = Sunnuntai
admin-holidays = Juhlapyhät (yksi päivämäärä riviä kohden, YYYY-MM-DD)
admin-branding = Ulkoasu
admin-brand-color = Brändiväri
admin-support-email = Asiakaspalvelun sähköposti
admin-support-phone = Asiakaspalvelun puhelin
admin-website = Verkkosivusto
admin-logo = Logo (PNG, JPEG, WebP tai SVG, enintään 256 KiB)
admin-upload = Lataa
admin-connect = Yhdistä kauppa-alustasi
admin-connect-intro = Liitä webhook-URL alustalle ja lisää sitten tähän alustan näyttämä salaisuus. Natiivit tapahtumat allekirjoitetaan omalla salaisuudellamme.
admin-webhook-url = Webhook-URL
admin-secrets = Salaisuudet
admin-secret-paste = Alustan näyttämä salaisuus
admin-secret-add = Lisää salaisuus
admin-secret-new = Uusi salaisuus
admin-revoke = Mitätöi
admin-rotate-note = Salaisuuden tai avaimen vaihto ilman katkoa: lisää uusi, vaihda alusta käyttämään sitä ja mitätöi sitten vanha.
admin-source-native = Natiivi (omat järjestelmäsi)
admin-source-shopify = Shopify
admin-source-woocommerce = WooCommerce
admin-source-aftership = AfterShip
admin-api-keys = API-avaimet
admin-api-key = API-avain
admin-webhook-secret = webhook-salaisuus
admin-key-name = Nimi
admin-key-new = Uusi avain
admin-col-created = Luotu
admin-col-last-used = Viimeksi käytetty
# $what: "API key" or "webhook secret"
admin-shown-once = Uusi { $what } näkyy alla. Se näytetään vain nyt: kopioi se turvalliseen paikkaan.
admin-collect-by-defaults = Noutoajan oletukset kuljetusyhtiöittäin
admin-collect-by-intro = Montako tuntia pakettiautomaattiin tai noutopisteeseen toimitettu paketti odottaa ennen palautusta, jos kuljetusyhtiö ei sitä ilmoita.
admin-hours = Tunnit

## People
admin-role = Rooli
admin-role-owner = Omistaja
admin-role-agent = Käsittelijä
admin-role-analyst = Analyytikko
admin-remove = Poista
admin-invite = Kutsu käyttäjä
admin-invite-send = Lähetä kutsu
admin-invited = Kutsu lähetetty.
admin-open-invites = Avoimet kutsut
admin-roles-explained = Omistajat voivat tehdä kaiken. Käsittelijät näkevät tilaukset, viestit ja jonon. Analyytikot näkevät etusivun luvut.

## Audit log
admin-audit-intro = Kaikki asetuksiin, käyttäjiin, avaimiin, viestipohjiin ja tehtäviin tehdyt muutokset, uusimmat ensin. Merkintöjä ei voi muuttaa eikä poistaa.
admin-col-who = Kuka
admin-col-action = Toiminto
admin-col-target = Kohde
admin-col-detail = Tiedot
