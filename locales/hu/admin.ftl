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

## Frame and navigation
admin-nav = Adminisztráció
admin-nav-home = Kezdőlap
admin-nav-orders = Rendelések
admin-nav-mailbox = Üzenetek
admin-nav-queue = Feladatsor
admin-nav-templates = Sablonok
admin-nav-settings = Beállítások
admin-nav-users = Munkatársak
admin-nav-audit = Eseménynapló
admin-shop = Bolt
admin-switch = Váltás
admin-sign-out = Kijelentkezés
admin-account = Saját fiók
admin-save = Mentés
admin-saved = Mentve.
admin-copy = Másolás
admin-any = Összes
admin-next-page = Következő oldal
admin-fix-errors = Kérjük, javítsa a következőket:
admin-continue = Tovább
admin-line = sor

## Refusals
admin-denied-title = Nem engedélyezett
admin-denied = Az Ön szerepköre ebben a boltban nem teszi lehetővé ezt az oldalt vagy műveletet. Ha szüksége van rá, forduljon a bolt egyik tulajdonosához.
admin-cross-site = A kérés egy másik webhelyről érkezett, ezért elutasítottuk. Nyissa meg közvetlenül az adminfelületet, és próbálja újra.
admin-csrf = Az űrlap lejárt, vagy nem ebből az adminfelületből származik. Töltse újra az oldalt, és próbálja újra.
admin-session-ended-title = Kijelentkezve
admin-session-ended = A munkamenet véget ért. A folytatáshoz jelentkezzen be újra.
admin-too-large-title = Túl nagy
admin-too-large = Az elküldött adat túl nagy.
admin-not-found-title = Nem található
admin-not-found = Ez az oldal nem létezik, vagy egy másik bolthoz tartozik.

## Sign-in, reset, invitations
admin-sign-in-title = Bejelentkezés
admin-sign-in = Bejelentkezés
admin-password = Jelszó
admin-forgot = Elfelejtette a jelszavát?
admin-sign-in-wrong = Hibás e-mail-cím vagy jelszó.
admin-sign-in-limited = Túl sok próbálkozás. Várjon néhány percet, majd próbálja újra.
admin-form-expired = Az űrlap lejárt. Kérjük, próbálja újra.
admin-signed-out = Sikeresen kijelentkezett.
admin-reset-title = Jelszó visszaállítása
admin-reset-intro = Adja meg a fiókjához tartozó e-mail-címet. Küldünk egy linket, amellyel új jelszót választhat.
admin-reset-send = Link küldése
admin-reset-sent = Ha ehhez a címhez tartozik fiók, a linket elküldtük. Egyszer használható, 30 percig érvényes.
admin-reset-choose = Válasszon legalább 12 karakteres új jelszót. Minden eszközön kijelentkeztetjük.
admin-reset-done = A jelszava megváltozott. Jelentkezzen be az új jelszóval.
admin-back-to-sign-in = Vissza a bejelentkezéshez
admin-new-password = Új jelszó
admin-link-gone-title = Ez a link nem működik
admin-link-gone = A link lejárt, vagy már felhasználták. Kérjen újat.
admin-reset-mail-subject = Az aftercare-jelszó visszaállítása
# $link: the reset page
admin-reset-mail-body = Valaki (remélhetőleg Ön) kérte az aftercare-fiókja jelszavának visszaállítását. Új jelszót 30 percen belül itt választhat: { $link }
    
    Ha nem Ön kérte, hagyja figyelmen kívül ezt az e-mailt: a jelszava változatlan marad.
admin-invite-title = Csatlakozás a bolthoz
# $email: the invited address
admin-invite-new = Válasszon jelszót (legalább 12 karakter) az új fiókjához: { $email }.
admin-invite-existing = A bolthoz való csatlakozáshoz adja meg a fiókja jelszavát: { $email }.
admin-invite-retry = Kérjük, próbálja újra.
admin-invite-joined = Csatlakozott a bolthoz. A folytatáshoz jelentkezzen be.
# $shop: the shop's name
admin-invite-mail-subject = Meghívó az aftercare-be: { $shop }
# $inviter: who invited; $link: the page to accept
admin-invite-mail-body = { $inviter } meghívta Önt, hogy segítsen az aftercare-ben kezelni ezt a boltot: { $shop }. Elfogadás 7 napon belül: { $link }

## Account
admin-language = Nyelv
admin-change-password = Jelszó módosítása
admin-current-password = Jelenlegi jelszó
admin-change-password-note = A jelszó módosítása után minden más eszközön kijelentkezteti a rendszer.
admin-password-changed = A jelszava megváltozott. A többi munkamenete véget ért.
admin-sessions = Hol van bejelentkezve
admin-col-signed-in = Bejelentkezés
admin-col-last-seen = Utolsó aktivitás
admin-col-browser = Böngésző
admin-sign-out-everywhere = Kijelentkezés mindenhonnan

## Home
admin-home-late = Várhatóan késik
admin-home-problems = Problémás csomagok
admin-home-failed-today = Ma nem kézbesített üzenetek
admin-home-stages = Az elmúlt 30 nap rendelései szakaszonként
admin-home-per-day = Napi rendelésszám
admin-home-none = Itt nincs semmi. Ez jó hír.

## Orders
admin-search = Keresés
admin-search-hint = Rendelésszám, e-mail, név vagy csomagkövetési szám
admin-search-button = Keresés
admin-from = Ettől
admin-to = Eddig
admin-trending-late = Várhatóan késik
admin-orders-none = Nincs egyező rendelés.
admin-col-order = Rendelés
admin-col-placed = Leadva
admin-col-buyer = Vevő
admin-col-stage = Szakasz
admin-col-method = Szállítás
admin-col-total = Végösszeg
admin-col-carrier = Futárszolgálat
admin-col-status = Állapot
admin-col-updated = Frissítve
admin-open-tracking = A vevő követési oldalának megnyitása
admin-buyer = Vevő
admin-phone = Telefon
admin-source = Forrás
admin-external-id = Azonosító a boltban
admin-address-shipping = Szállítási cím
admin-address-billing = Számlázási cím
admin-items = Tételek
admin-parcels = Csomagok
admin-no-parcels = Még nincs csomag.
admin-estimate = Várható kézbesítés
admin-place = Átvételi hely
admin-collect-by = Átvehető eddig
admin-messages = A vevő értesítései
admin-no-messages = Még nincs üzenet.
admin-raw-events = Nyers beérkező adatok a boltplatformtól és a futárszolgálatoktól
admin-no-raw-events = Ehhez a rendeléshez nem kapcsolódik beérkezett webhook.

## Queue
admin-col-job = Feladat
admin-col-attempts = Próbálkozások
admin-col-error = Utolsó hiba
admin-queue-empty = Nincs ilyen állapotú feladat.
admin-retry = Újrapróbálás
admin-job-queued = Várakozik
admin-job-running = Fut
admin-job-dead = Véglegesen sikertelen
admin-job-done = Kész

## Templates
admin-templates-intro = Minden üzenet minden nyelven. Bármelyikből írhat saját változatot; a többi az aftercare szövegével marad.
admin-template-own = Saját
admin-template-default = Alapértelmezett
admin-back-templates = Összes sablon
admin-html-part = HTML
admin-template-variables = Használható változók:
admin-preview = Előnézet
admin-preview-order = Előnézet egy rendeléssel (szám vagy azonosító; üresen: mintaadatok)
admin-preview-no-order = Nincs ilyen számú rendelés.
admin-template-reset = Vissza az alapértelmezetthez
admin-kind-order_confirmation = Rendelés visszaigazolása
admin-kind-preparing = Összekészítés alatt
admin-kind-shipped = Feladva
admin-kind-out_for_delivery = Kiszállítás alatt
admin-kind-ready_for_pickup = Átvehető
admin-kind-delivered = Kézbesítve
admin-kind-picked_up = Átvéve
admin-kind-attempt_fail = Sikertelen kézbesítési kísérlet
admin-kind-exception = Késés vagy probléma
admin-kind-returning = Visszaküldés a boltnak
admin-kind-cancelled = Törölve
admin-kind-collect_reminder = Átvételi emlékeztető
admin-kind-review_request = Értékelés kérése

## Settings
admin-settings-shop = A bolt
admin-shop-name = Bolt neve
admin-default-locale = Alapértelmezett nyelv
admin-enabled-locales = A vevők által választható nyelvek
admin-time-zone = Időzóna
admin-business-hours = Nyitvatartás (zárva tartó napnál hagyja üresen)
admin-opens = nyitás
admin-closes = zárás
admin-day-mon = Hétfő
admin-day-tue = Kedd
admin-day-wed = Szerda
admin-day-thu = Csütörtök
admin-day-fri = Péntek
admin-day-sat = Szombat
admin-day-sun = Vasárnap
admin-holidays = Ünnepnapok (soronként egy dátum, YYYY-MM-DD)
admin-branding = Arculat
admin-brand-color = Márkaszín
admin-support-email = Ügyfélszolgálati e-mail
admin-support-phone = Ügyfélszolgálati telefon
admin-website = Weboldal
admin-logo = Logó (PNG, JPEG, WebP vagy SVG, legfeljebb 256 KiB)
admin-upload = Feltöltés
admin-connect = A boltplatform csatlakoztatása
admin-connect-intro = Illessze be a webhook URL-jét a platformba, majd adja hozzá itt a platform által mutatott titkos kulcsot. A natív eseményeket saját titkos kulcsunkkal írjuk alá.
admin-webhook-url = Webhook URL
admin-secrets = Titkos kulcsok
admin-secret-paste = A platform által mutatott titkos kulcs
admin-secret-add = Titkos kulcs hozzáadása
admin-secret-new = Új titkos kulcs
admin-revoke = Visszavonás
admin-rotate-note = Titkos kulcs vagy API-kulcs kiesés nélküli cseréje: adja hozzá az újat, állítsa át a platformot, majd vonja vissza a régit.
admin-source-native = Natív (saját rendszerek)
admin-source-shopify = Shopify
admin-source-woocommerce = WooCommerce
admin-source-aftership = AfterShip
admin-api-keys = API-kulcsok
admin-api-key = API-kulcs
admin-webhook-secret = webhook titkos kulcs
admin-key-name = Név
admin-key-new = Új kulcs
admin-col-created = Létrehozva
admin-col-last-used = Utoljára használva
# $what: "API key" or "webhook secret"
admin-shown-once = Elkészült az új { $what }, alább látható. Csak most jelenik meg: másolja biztonságos helyre.
admin-collect-by-defaults = Alapértelmezett átvételi határidők futárszolgálatonként
admin-collect-by-intro = Hány órát vár egy automatában vagy átvételi ponton lévő csomag a visszaküldés előtt, ha a futárszolgálat ezt nem adja meg.
admin-hours = Óra

## People
admin-role = Szerepkör
admin-role-owner = Tulajdonos
admin-role-agent = Ügyintéző
admin-role-analyst = Elemző
admin-remove = Eltávolítás
admin-invite = Munkatárs meghívása
admin-invite-send = Meghívó küldése
admin-invited = Meghívó elküldve.
admin-open-invites = Függő meghívók
admin-roles-explained = A tulajdonosok mindenhez hozzáférnek. Az ügyintézők a rendeléseket, az üzeneteket és a feladatsort látják. Az elemzők a kezdőlap számait látják.

## Audit log
admin-audit-intro = A beállítások, munkatársak, kulcsok, sablonok és feladatok minden módosítása, a legújabbal kezdve. A bejegyzések nem módosíthatók és nem törölhetők.
admin-col-who = Ki
admin-col-action = Művelet
admin-col-target = Érintett elem
admin-col-detail = Részletek
