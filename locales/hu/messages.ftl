# What buyers read in the emails aftercare sends. Every message here must exist in every language
# (a test fails otherwise). Variables: $shop (the shop's name), $number (the order number),
# $carrier (the carrier's name), $place (the pickup point or locker), $code (the pickup code),
# $deadline (the collect-by date and time), $window (the expected delivery days), $name (the
# buyer's first name).
# Hungarian: friendly "te" form, as in buyer.ftl. Never attach a suffix to a variable; put it in
# parentheses or after a colon ("A futárszolgálat ({ $carrier })", "ebben a boltban: { $shop }").

mail-greeting = Szia, { $name }!
mail-greeting-anon = Szia!
mail-button-track = Kövesd a rendelésedet
mail-items = Amit rendeltél
# $window: one day or two days with a dash between
mail-eta = Várható kézbesítés: { $window }
mail-footer = Ezt az e-mailt azért kapod, mert rendeltél ebben a boltban: { $shop }. Kérdésed van? Csak válaszolj erre az e-mailre.

## Order confirmation
mail-subject-order_confirmation = Köszönjük a rendelésedet! Rendelésszám: { $number }
mail-heading-order_confirmation = Köszönjük a rendelésedet!
mail-body-order_confirmation = Megkaptuk a rendelésedet ({ $number }), amelyet ebben a boltban adtál le: { $shop }. Szólunk, amint elindul hozzád.

## Being prepared
mail-subject-preparing = Összekészítjük a rendelésedet ({ $number })
mail-heading-preparing = A rendelésed összekészítés alatt áll
mail-body-preparing = A bolt ({ $shop }) már csomagolja a rendelésedet ({ $number }). Amint útnak indul, jelentkezünk.

## Shipped
mail-subject-shipped = A rendelésed úton van ({ $number })
mail-heading-shipped = A rendelésed úton van
mail-body-shipped = A csomagodat a futárszolgálat ({ $carrier }) már átvette, és hozzád szállítja.

## Out for delivery
mail-subject-out_for_delivery = Ma érkezik a csomagod
mail-heading-out_for_delivery = A futár már viszi a csomagodat
mail-body-out_for_delivery = A futárszolgálat ({ $carrier }) ma kiszállítja a rendelésedet ({ $number }). Kérjük, gondoskodj róla, hogy valaki át tudja venni.

## Ready for pickup
mail-subject-ready_for_pickup = Átvehető a csomagod
mail-heading-ready_for_pickup = A csomagod már vár rád
mail-body-ready_for_pickup = A rendelésed ({ $number }) itt vár rád: { $place }. Az alábbi átvételi kóddal veheted át, legkésőbb eddig: { $deadline }.

## Delivered
mail-subject-delivered = A rendelésedet ({ $number }) kézbesítették
mail-heading-delivered = Megérkezett a rendelésed
mail-body-delivered = A futárszolgálat ({ $carrier }) kézbesítette a rendelésedet ({ $number }). Reméljük, örömmel használod majd! Valami nincs rendben? Csak válaszolj erre az e-mailre.

## Picked up
mail-subject-picked_up = Átvetted a rendelésedet ({ $number })
mail-heading-picked_up = Használd örömmel!
mail-body-picked_up = Átvetted a rendelésedet ({ $number }). Valami nincs rendben? Csak válaszolj erre az e-mailre.

## Delivery attempt failed
mail-subject-attempt_fail = Nem sikerült kézbesíteni a csomagodat
mail-heading-attempt_fail = A futár nem tudta kézbesíteni a csomagodat
mail-body-attempt_fail = A futárszolgálat ({ $carrier }) megpróbálta kézbesíteni a rendelésedet ({ $number }), de nem sikerült. Általában a következő munkanapon újra megpróbálják; a rendeléskövetési oldalon láthatod, mi lesz a következő lépés.

## Delayed or a problem
mail-subject-exception = Késik a rendelésed ({ $number }) – elnézést kérünk
mail-heading-exception = Sajnáljuk, késik a csomagod
mail-body-exception = A futárszolgálat ({ $carrier }) problémát jelzett a csomagoddal kapcsolatban. Őszintén sajnáljuk, hogy várnod kell. Már foglalkozunk vele, és szólunk, amint újra úton van.

## Going back to the sender
mail-subject-returning = A csomagod visszamegy a bolthoz ({ $shop })
mail-heading-returning = A csomagod visszaúton van
mail-body-returning = A rendelésedet ({ $number }) visszaküldik a boltnak ({ $shop }). Ha még szeretnéd, válaszolj erre az e-mailre: újra elküldhetjük, vagy visszatérítjük az árát.

## Cancelled
mail-subject-cancelled = A rendelésedet ({ $number }) törölték
mail-heading-cancelled = A rendelésedet törölték
mail-body-cancelled = Törölték a rendelésedet ({ $number }), amelyet ebben a boltban adtál le: { $shop }. Ha erre nem számítottál, csak válaszolj erre az e-mailre.

## A reminder before the collect-by deadline
mail-subject-collect_reminder = Emlékeztető: a csomagod még vár rád
mail-heading-collect_reminder = A csomagod még mindig vár rád
mail-body-collect_reminder = A rendelésed ({ $number }) itt vár rád: { $place }. Vedd át legkésőbb eddig: { $deadline }; utána visszamegy a feladóhoz.

## SMS: short; the tracking link is added after the text
sms-out_for_delivery = { $shop }: a rendelésed ({ $number }) ma érkezik.
sms-ready_for_pickup = { $shop }: a csomagod átvehető itt: { $place }. Kód: { $code }. Határidő: { $deadline }.
sms-collect_reminder = { $shop }: emlékeztető, a csomagod itt vár: { $place }, eddig: { $deadline }. Kód: { $code }.
sms-attempt_fail = { $shop }: a futár nem tudta kézbesíteni a rendelésedet ({ $number }). A további lépések:

## Marketing messages (sent only with the buyer's consent; they always carry an unsubscribe link)
mail-subject-review_request = Hogy tetszik a rendelésed? ({ $shop })
mail-heading-review_request = Milyen volt a rendelésed?
mail-body-review_request = A(z) { $number } számú rendelésed néhány napja megérkezett. Kíváncsiak vagyunk a véleményedre: egy rövid értékelés segít más vásárlóknak, és ha válaszolsz erre az e-mailre, azt egy kollégánk olvassa el (bolt: { $shop }).
mail-button-review_request = Értékelés írása
mail-footer-marketing = Ezt az e-mailt azért kapod, mert hozzájárultál, hogy hírt kapj tőlünk (bolt: { $shop }).
mail-unsubscribe = Leiratkozás
