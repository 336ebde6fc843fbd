# What buyers read in the emails aftercare sends. Every message here must exist in every language
# (a test fails otherwise). Variables: $shop (the shop's name), $number (the order number),
# $carrier (the carrier's name), $place (the pickup point or locker), $code (the pickup code),
# $deadline (the collect-by date and time), $window (the expected delivery days), $name (the
# buyer's first name).
# Finnish: variables are never inflected (no "{ $shop }:n"); the inflected noun goes before them
# ("kaupasta { $shop }", "Kuljetusyhtiö { $carrier }"), as in buyer.ftl.

mail-greeting = Hei { $name }!
mail-greeting-anon = Hei!
mail-button-track = Seuraa tilaustasi
mail-items = Tilaamasi tuotteet
# $window: one day or two days with a dash between
mail-eta = Arvioitu toimitus: { $window }
mail-footer = Saat tämän viestin, koska tilasit kaupasta { $shop }. Kysyttävää? Vastaa vain tähän viestiin.

## Order confirmation
mail-subject-order_confirmation = Kiitos tilauksestasi – tilausnumero { $number }
mail-heading-order_confirmation = Kiitos tilauksestasi!
mail-body-order_confirmation = Tilauksesi { $number } kaupasta { $shop } on vastaanotettu. Kerromme sinulle heti, kun se lähtee matkaan.

## Being prepared
mail-subject-preparing = Tilauksesi { $number } on käsittelyssä
mail-heading-preparing = Tilaustasi valmistellaan
mail-body-preparing = Kauppa { $shop } pakkaa tilaustasi { $number }. Kerromme, kun se lähtee matkaan.

## Shipped
mail-subject-shipped = Tilauksesi { $number } on matkalla
mail-heading-shipped = Tilauksesi on matkalla
mail-body-shipped = Kuljetusyhtiö { $carrier } on vastaanottanut pakettisi ja toimittaa sen sinulle.

## Out for delivery
mail-subject-out_for_delivery = Pakettisi saapuu tänään
mail-heading-out_for_delivery = Pakettisi on jakelussa
mail-body-out_for_delivery = Kuljetusyhtiö { $carrier } toimittaa tilauksesi { $number } tänään. Varmistathan, että joku on vastaanottamassa paketin.

## Ready for pickup
mail-subject-ready_for_pickup = Pakettisi on noudettavissa
mail-heading-ready_for_pickup = Pakettisi odottaa sinua
mail-body-ready_for_pickup = Tilauksesi { $number } on noudettavissa: { $place }. Nouda se viimeistään { $deadline } alla olevalla noutokoodilla.

## Delivered
mail-subject-delivered = Tilauksesi { $number } on toimitettu
mail-heading-delivered = Tilauksesi on perillä
mail-body-delivered = Kuljetusyhtiö { $carrier } on toimittanut tilauksesi { $number }. Toivottavasti pidät siitä! Eikö kaikki ole kunnossa? Vastaa vain tähän viestiin.

## Picked up
mail-subject-picked_up = Olet noutanut tilauksesi { $number }
mail-heading-picked_up = Nauti tilauksestasi!
mail-body-picked_up = Olet noutanut tilauksesi { $number }. Eikö kaikki ole kunnossa? Vastaa vain tähän viestiin.

## Delivery attempt failed
mail-subject-attempt_fail = Pakettiasi ei saatu toimitettua
mail-heading-attempt_fail = Kuljettaja ei saanut pakettiasi toimitettua
mail-body-attempt_fail = Kuljetusyhtiö { $carrier } yritti toimittaa tilauksesi { $number }, mutta toimitus ei onnistunut. Uusi toimitusyritys tehdään yleensä seuraavana arkipäivänä; seurantasivulta näet, mitä seuraavaksi tapahtuu.

## Delayed or a problem
mail-subject-exception = Tilauksesi { $number } on myöhässä – pahoittelemme
mail-heading-exception = Pahoittelemme: pakettisi on myöhässä
mail-body-exception = Kuljetusyhtiö { $carrier } on ilmoittanut ongelmasta, joka koskee pakettiasi. Olemme todella pahoillamme viivästyksestä. Selvitämme asiaa ja kerromme heti, kun paketti on taas liikkeellä.

## Going back to the sender
mail-subject-returning = Pakettisi palaa kauppaan { $shop }
mail-heading-returning = Pakettisi on palaamassa
mail-body-returning = Tilauksesi { $number } palautetaan kauppaan { $shop }. Jos haluat sen yhä, vastaa tähän viestiin: voimme lähettää sen uudelleen tai palauttaa rahasi.

## Cancelled
mail-subject-cancelled = Tilauksesi { $number } on peruttu
mail-heading-cancelled = Tilauksesi on peruttu
mail-body-cancelled = Tilauksesi { $number } kaupasta { $shop } on peruttu. Jos et odottanut tätä, vastaa vain tähän viestiin.

## A reminder before the collect-by deadline
mail-subject-collect_reminder = Muistutus: pakettisi odottaa sinua
mail-heading-collect_reminder = Pakettisi odottaa yhä noutoa
mail-body-collect_reminder = Tilauksesi { $number } odottaa noutoa: { $place }. Nouda se viimeistään { $deadline }; sen jälkeen se palautetaan lähettäjälle.

## SMS: short; the tracking link is added after the text
sms-out_for_delivery = { $shop }: tilauksesi { $number } saapuu tänään.
sms-ready_for_pickup = { $shop }: pakettisi on noudettavissa: { $place }. Koodi: { $code }. Nouda viimeistään { $deadline }.
sms-collect_reminder = { $shop }: muistutus, pakettisi odottaa noutoa: { $place }, viimeistään { $deadline }. Koodi: { $code }.
sms-attempt_fail = { $shop }: kuljettaja ei voinut toimittaa tilaustasi { $number }. Näin jatketaan:

## Marketing messages (sent only with the buyer's consent; they always carry an unsubscribe link)
mail-subject-review_request = Mitä pidät tilauksestasi? ({ $shop })
mail-heading-review_request = Millainen tilauksesi oli?
mail-body-review_request = Tilauksesi { $number } saapui muutama päivä sitten. Kuulisimme mielellämme, mitä pidät: lyhyt arvio auttaa muita ostajia, ja vastauksesi tähän viestiin lukee ihminen kaupasta { $shop }.
mail-button-review_request = Kirjoita arvio
mail-footer-marketing = Saat tämän viestin, koska annoit luvan lähettää sinulle viestejä (kauppa: { $shop }).
mail-unsubscribe = Peru tilaus
