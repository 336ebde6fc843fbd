# Everything a buyer reads on the tracking page, its lookup form and the pages linked from it.
# Every message here must exist in every language (a test fails otherwise). Variables are given in
# comments; keep them, translate the words around them. Numbers select plural forms as usual.
# Hungarian: friendly "te" form throughout. Never attach a suffix to a variable (its vowel harmony
# is unknown); put variables after a colon or before a postposition ("múlva", "között", "szerint").

## Dates and times. The page builds dates from these pieces, so each language writes them its own way.

# $n: 1 = Monday … 7 = Sunday (full lowercase names read better than "h", "k", "sze")
weekday = { $n ->
    [1] hétfő
    [2] kedd
    [3] szerda
    [4] csütörtök
    [5] péntek
    [6] szombat
   *[7] vasárnap
}
# $n: 1 = January … 12 = December; the form used inside a date ("nov. 25.")
month = { $n ->
    [1] jan.
    [2] febr.
    [3] márc.
    [4] ápr.
    [5] máj.
    [6] jún.
    [7] júl.
    [8] aug.
    [9] szept.
    [10] okt.
    [11] nov.
   *[12] dec.
}
# A day without the year. $weekday, $day (25), $month (from `month`), $monthnum (11), $year (2026)
# "nov. 25., kedd"
date-short = { $month } { $day }., { $weekday }
# A day with the year: "2026. nov. 25."
date-long = { $year }. { $month } { $day }.
# $hour (two digits, 0–23), $minute (two digits)
time = { $hour }:{ $minute }
# $date (from date-short), $time (from time): "nov. 25., kedd 14:30"
date-time = { $date } { $time }
today = ma
tomorrow = holnap
yesterday = tegnap
# $from, $to: two dates or two times
range = { $from } – { $to }

## Durations and the countdown. $n is a whole number.
# Nouns after a number stay singular in Hungarian, so no plural selector is needed.
unit-day = { $n } nap
unit-hour = { $n } óra
unit-minute = { $n } perc
# $duration: e.g. "1 nap 4 óra"
countdown-arrive = { $duration } múlva érkezik
countdown-collect = Még { $duration } van hátra az átvételig
countdown-soon = Bármelyik pillanatban megérkezhet

## The page

# $number: the order number, $shop: the shop's name
page-title = Rendelés { $number } · { $shop }
skip-link = Ugrás a rendelésedhez
order-heading = Rendelés { $number }
# $date: a long date
placed-on = Leadva: { $date }
language = Nyelv
progress-label = A rendelés állapota
# $step: the step's name, $n and $count: its position
progress-current = Jelenlegi lépés: { $step } ({ $n }. lépés, összesen { $count })
step-done = kész
step-current = jelenlegi lépés
step-todo = még hátravan
live-note = Ez az oldal magától frissül.
# $time
updated-at = Utoljára ellenőrizve: { $time }

## The stages of an order (the progress bar)
stage-ordered = Megrendelve
stage-preparing = Összekészítés alatt
stage-shipped = Feladva
stage-out_for_delivery = Kiszállítás alatt
stage-delivered = Kézbesítve
stage-ready_for_pickup = Átvehető
stage-picked_up = Átvéve
stage-cancelled = Törölve
stage-problem = Figyelmet igényel

## The headline at the top, by stage
headline-ordered = Megkaptuk a rendelésedet
headline-preparing = A bolt összekészíti a rendelésedet
headline-shipped = A rendelésed úton van
headline-out_for_delivery = A futár már viszi a csomagodat
headline-delivered = A rendelésedet kézbesítették
headline-ready_for_pickup = A csomagod már vár rád
headline-picked_up = Átvetted a rendelésedet
headline-cancelled = Ezt a rendelést törölték
headline-problem = Gond akadt a kézbesítéssel

## What happens next, by stage
next-ordered = A bolt hamarosan elkezdi összekészíteni. Minden lépést itt láthatsz majd.
next-preparing = Amint átadják a futárszolgálatnak, itt láthatod a csomagot és az útját.
next-shipped = A csomag már a futárszolgálatnál van. Szólunk, amikor kiszállításra kerül.
next-out_for_delivery = Kérjük, gondoskodj róla, hogy valaki át tudja venni.
next-delivered = Köszönjük a vásárlást! Valami nincs rendben? Lent jelezheted a boltnak.
next-ready_for_pickup = Vidd magaddal az alábbi átvételi kódot.
next-picked_up = Használd örömmel! Valami nincs rendben? Lent jelezheted a boltnak.
next-cancelled = Ha erre nem számítottál, vedd fel a kapcsolatot a bolttal.

## The delivery estimate
# $date: a day, $from / $to: days or times
eta-day = Várható kézbesítés: { $date }
eta-window = Várható kézbesítés: { $from } – { $to }
eta-today = Várhatóan ma érkezik
eta-today-between = Várhatóan ma { $from } és { $to } között érkezik
eta-tomorrow = Várhatóan holnap érkezik
# $percent: a whole number
eta-confidence = A hasonló csomagok { $percent }%-a ebben az időszakban érkezett meg.
eta-none = Amint a futárszolgálat átveszi a csomagot, itt megmutatjuk a várható kézbesítés napját.
late-title = Késik a csomag
# $date: the last day of the expected window
late-body = Legkésőbb erre a napra vártuk: { $date }. A futárszolgálat még nem kézbesítette; figyeljük, és szólunk, amint újabb hír érkezik róla.

## Problems: what happened and what happens next, by carrier status
problem-AttemptFail = A futár nem tudta kézbesíteni a csomagot.
problem-AttemptFail-next = Általában a következő munkanapon újra megpróbálja. Ha így sem sikerül, a csomag egy közeli átvételi pontra kerül, és értesítést kapsz, hol veheted át.
problem-Exception = A futárszolgálat problémát jelzett ezzel a csomaggal kapcsolatban.
problem-Exception-next = A boltot értesítettük, és intézkedik; most nincs teendőd. Kérdésed van? Lent elérheted a boltot.
problem-Expired = A futárszolgálat már régóta nem adott hírt a csomagról.
problem-Expired-next = A boltot értesítettük, és utánajár a futárszolgálatnál.
problem-returning = A csomag visszaúton van a bolthoz.
problem-returning-next = Ha még szeretnéd, vedd fel a kapcsolatot a bolttal: újra elküldhetik, vagy visszatérítik az árát.

## Parcels
# $n, $count
parcel-n = Csomag { $n }/{ $count }
parcel = Csomag
# $carrier: the carrier's name
carrier = Futárszolgálat: { $carrier }
tracking-number = Csomagkövetési szám
carrier-link = Kövesd a futárszolgálat oldalán
method-courier = Házhoz szállítás
method-locker = Csomagautomata
method-pickup = Átvételi pont
in-parcel = A csomag tartalma
timeline = A csomag útja
timeline-empty = A futárszolgálattól még nem érkezett hír.
# $zone: a time zone name, e.g. Europe/Budapest
times-in = Az időpontok { $zone } időzóna szerint láthatók.
not-shipped = Még semmit nem adtak fel. Amint a csomag elindul, minden lépést itt láthatsz.

## Carrier statuses in the journey
tag-Pending = Feladásra vár
tag-InfoReceived = Csomagcímke elkészült
tag-InTransit = Szállítás alatt
tag-OutForDelivery = Kiszállítás alatt
tag-AttemptFail = Sikertelen kézbesítés
tag-AvailableForPickup = Átvehető
tag-Exception = Probléma jelezve
tag-Expired = Nincs hír a futárszolgálattól
tag-Delivered = Kézbesítve
subtag-Delivered_002 = Átvéve
subtag-Exception_005 = Késik
subtag-Exception_008 = Nem vették át időben; visszaküldés a feladónak
subtag-Exception_010 = Visszaküldés a feladónak
subtag-InTransit_002 = A futár felvette

## Locker and pickup
pickup-where = Hol veheted át
pickup-hours = Nyitvatartás
pickup-code = Átvételi kód
pickup-copy = Kód másolása
pickup-copied = Másolva
pickup-code-later = Az átvételi kódot akkor kapod meg, amikor a csomag megérkezik.
# $datetime
collect-by = Átvehető eddig: { $datetime }
# $datetime
collect-expired = Az átvételi határidő lejárt: { $datetime }. A csomag visszamegy a feladóhoz; ha még szeretnéd, vedd fel a kapcsolatot a bolttal.

## Items
items = Amit rendeltél
# $n: how many
quantity = × { $n }
# $count: how many items (singular noun after a number)
items-count = { $count } termék

## Help
help = Segítségre van szükséged?
help-contact = Kapcsolat a bolttal
help-problem = Probléma jelzése
help-return = Termék visszaküldése
back = Vissza a rendelésedhez
# $shop
contact-title = Kapcsolat: { $shop }
# $number: the order number
contact-intro = Add meg a rendelésszámodat ({ $number }), hogy gyorsan segíthessenek.
contact-email = E-mail
contact-phone = Telefon
contact-web = Weboldal
contact-none = A bolt még nem adta meg itt az elérhetőségeit. Válaszolj bármelyik e-mailre, amelyet ezzel a rendeléssel kapcsolatban kaptál.
problem-title = Probléma jelzése
problem-intro = Gond van a rendeléseddel: sérült, hiányos, vagy nem azt kaptad, amit rendeltél? Írj a boltnak, add meg a rendelésszámot, és ha tudsz, csatolj fényképet is.
problem-email-subject = Rendelés { $number } – probléma
return-title = Termék visszaküldése
return-intro = Ha vissza szeretnél küldeni valamit, írj a boltnak, és add meg a rendelésszámot, valamint a visszaküldendő termékeket. A bolt megírja, hogyan küldheted vissza.
return-email-subject = Rendelés { $number } – visszaküldés
write-email = E-mail írása

## Looking an order up
lookup-title = Kövesd a rendelésedet
lookup-intro = Add meg a rendelésszámot és a rendeléskor használt e-mail-címet vagy irányítószámot.
lookup-order = Rendelésszám
lookup-contact = E-mail-cím vagy irányítószám
lookup-submit = Rendelés követése
lookup-not-found = Nem találtunk rendelést ezekkel az adatokkal. Ellenőrizd a rendelésszámot és az e-mail-címet vagy irányítószámot, majd próbáld újra.
lookup-missing = Add meg a rendelésszámot és az e-mail-címet vagy az irányítószámot is.
# $minutes: a whole number
lookup-rate-limited = { $minutes ->
    [one] Túl sok próbálkozás. Várj egy percet, és próbáld újra.
   *[other] Túl sok próbálkozás. Várj { $minutes } percet, és próbáld újra.
}
lookup-no-shop = A rendelés követéséhez nyisd meg a bolt e-mailjében kapott linket, vagy használd a bolt weboldalán a „Rendeléskövetés” oldalt.

## Errors
not-found-title = Ezt az oldalt nem találjuk
not-found-body = Ez a követési link nem érvényes. Ellenőrizd az e-mailben kapott linket, vagy keresd meg a rendelésedet a rendelésszám alapján.
error-title = Hiba történt
error-body = Valami hiba történt nálunk. Kérjük, próbáld újra egy perc múlva.
powered-by = Rendeléskövetés: aftercare

## Unsubscribe page (a link in marketing emails). $shop: the shop's name; $address: the buyer's
## address, partly hidden
unsubscribe-title = Leiratkozás
unsubscribe-question = Leiratkozol a marketing e-mailekről? Bolt: { $shop }, cím: { $address }
unsubscribe-note = A rendeléseidről (például a szállításról) továbbra is kapsz értesítést.
unsubscribe-button = Leiratkozom
unsubscribe-done-title = Leiratkoztál
unsubscribe-done = Erre a címre nem küldünk több marketing e-mailt: { $address } (bolt: { $shop }).
unsubscribe-invalid = Ez a leiratkozási link nem érvényes. Ha továbbra is kapsz nem kívánt e-maileket, válaszolj az egyikre, és kérd a boltot, hogy ne küldjön többet.
