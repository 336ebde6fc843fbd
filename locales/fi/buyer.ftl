# Everything a buyer reads on the tracking page, its lookup form and the pages linked from it.
# Every message here must exist in every language (a test fails otherwise). Variables are given in
# comments; keep them, translate the words around them. Numbers select plural forms as usual.
# Finnish: variables are never inflected (no "{ $shop }:n"); case-bound words stay outside them.

## Dates and times. The page builds dates from these pieces, so each language writes them its own way.

# $n: 1 = Monday … 7 = Sunday
weekday = { $n ->
    [1] ma
    [2] ti
    [3] ke
    [4] to
    [5] pe
    [6] la
   *[7] su
}
# $n: 1 = January … 12 = December; the form used inside a date.
# Finnish dates are numeric ("ti 5.1."), so this is the month number without a leading zero
# ($monthnum would give "5.01.").
month = { $n ->
    [1] 1
    [2] 2
    [3] 3
    [4] 4
    [5] 5
    [6] 6
    [7] 7
    [8] 8
    [9] 9
    [10] 10
    [11] 11
   *[12] 12
}
# A day without the year. $weekday, $day (25), $month (from `month`), $monthnum (11), $year (2026)
# "ti 25.11."
date-short = { $weekday } { $day }.{ $month }.
# A day with the year: "25.11.2026"
date-long = { $day }.{ $month }.{ $year }
# $hour (two digits, 0–23), $minute (two digits): "14.30"
time = { $hour }.{ $minute }
# $date (from date-short), $time (from time): "ti 25.11. klo 14.30"
date-time = { $date } klo { $time }
today = tänään
tomorrow = huomenna
yesterday = eilen
# $from, $to: two dates or two times
range = { $from } – { $to }

## Durations and the countdown. $n is a whole number.
unit-day = { $n ->
    [one] { $n } päivä
   *[other] { $n } päivää
}
unit-hour = { $n } t
unit-minute = { $n } min
# $duration: e.g. "1 päivä 4 t" (nominative/partitive, so no "kuluttua", which needs the genitive)
countdown-arrive = Saapumiseen { $duration }
countdown-collect = Noutoaikaa jäljellä { $duration }
countdown-soon = Saapuu hetkenä minä hyvänsä

## The page

# $number: the order number, $shop: the shop's name
page-title = Tilaus { $number } · { $shop }
skip-link = Siirry tilaukseesi
order-heading = Tilaus { $number }
# $date: a long date
placed-on = Tilattu { $date }
language = Kieli
progress-label = Tilauksen vaiheet
# $step: the step's name, $n and $count: its position
progress-current = Nykyinen vaihe: { $step } (vaihe { $n }/{ $count })
step-done = valmis
step-current = nykyinen vaihe
step-todo = ei vielä
live-note = Tämä sivu päivittyy automaattisesti.
# $time
updated-at = Tarkistettu viimeksi { $time }

## The stages of an order (the progress bar)
stage-ordered = Tilattu
stage-preparing = Käsittelyssä
stage-shipped = Lähetetty
stage-out_for_delivery = Jakelussa
stage-delivered = Toimitettu
stage-ready_for_pickup = Noudettavissa
stage-picked_up = Noudettu
stage-cancelled = Peruttu
stage-problem = Vaatii huomiota

## The headline at the top, by stage
headline-ordered = Olemme vastaanottaneet tilauksesi
headline-preparing = Kauppa käsittelee tilaustasi
headline-shipped = Tilauksesi on matkalla
headline-out_for_delivery = Pakettisi on jakelussa
headline-delivered = Tilauksesi on toimitettu
headline-ready_for_pickup = Pakettisi odottaa sinua
headline-picked_up = Olet noutanut tilauksesi
headline-cancelled = Tämä tilaus on peruttu
headline-problem = Toimituksessa on ongelma

## What happens next, by stage
next-ordered = Kauppa aloittaa tilauksesi käsittelyn pian. Näet jokaisen vaiheen tällä sivulla.
next-preparing = Kun paketti on luovutettu kuljetusyhtiölle, näet sen ja sen matkan täällä.
next-shipped = Paketti on nyt kuljetusyhtiöllä. Kerromme, kun se on jakelussa.
next-out_for_delivery = Varmistathan, että joku on vastaanottamassa paketin.
next-delivered = Kiitos ostoksistasi! Eikö kaikki ole kunnossa? Kerro siitä kaupalle – ohjeet löydät alta.
next-ready_for_pickup = Ota mukaan alla oleva noutokoodi.
next-picked_up = Nauti tilauksestasi! Eikö kaikki ole kunnossa? Kerro siitä kaupalle – ohjeet löydät alta.
next-cancelled = Jos et odottanut tätä, ota yhteyttä kauppaan.

## The delivery estimate
# $date: a day, $from / $to: days or times
eta-day = Arvioitu toimitus { $date }
eta-window = Arvioitu toimitus { $from } – { $to }
eta-today = Arvioitu toimitus tänään
eta-today-between = Arvioitu toimitus tänään klo { $from }–{ $to }
eta-tomorrow = Arvioitu toimitus huomenna
# $percent: a whole number (no-break space before %, as Finnish writes it)
eta-confidence = Vastaavista paketeista { $percent } % saapui tällä aikavälillä.
eta-none = Näytämme arvioidun toimituspäivän heti, kun paketti on kuljetusyhtiöllä.
late-title = Myöhässä
# $date: the last day of the expected window
late-body = Paketin piti olla perillä viimeistään { $date }. Kuljetusyhtiö ei ole vielä toimittanut sitä; seuraamme tilannetta ja kerromme heti, kun paketti liikkuu.

## Problems: what happened and what happens next, by carrier status
problem-AttemptFail = Kuljettaja ei saanut pakettia toimitettua.
problem-AttemptFail-next = Uusi toimitusyritys tehdään yleensä seuraavana arkipäivänä. Jos pakettia ei saada toimitettua, se viedään lähellä olevaan noutopisteeseen, ja saat tiedon sen sijainnista.
problem-Exception = Kuljetusyhtiö on ilmoittanut ongelmasta tässä paketissa.
problem-Exception-next = Kauppa on saanut tiedon ja selvittää asian; sinun ei tarvitse tehdä nyt mitään. Kysyttävää? Kaupan yhteystiedot löydät alta.
problem-Expired = Kuljetusyhtiö ei ole ilmoittanut paketista mitään pitkään aikaan.
problem-Expired-next = Kauppa on saanut tiedon ja selvittää asiaa kuljetusyhtiön kanssa.
problem-returning = Paketti on palaamassa kauppaan.
problem-returning-next = Jos haluat sen yhä, ota yhteyttä kauppaan: se voi lähettää paketin uudelleen tai palauttaa rahasi.

## Parcels
# $n, $count
parcel-n = Paketti { $n }/{ $count }
parcel = Paketti
# $carrier: the carrier's name
carrier = Kuljetusyhtiö: { $carrier }
tracking-number = Seurantatunnus
carrier-link = Seuraa kuljetusyhtiön sivuilla
method-courier = Kotiinkuljetus
method-locker = Pakettiautomaatti
method-pickup = Noutopiste
in-parcel = Paketin sisältö
timeline = Paketin matka
timeline-empty = Kuljetusyhtiöltä ei ole vielä tietoja.
# $zone: a time zone name, e.g. Europe/Budapest
times-in = Ajat näytetään aikavyöhykkeellä { $zone }.
not-shipped = Mitään ei ole vielä lähetetty. Näet jokaisen vaiheen täällä heti, kun tilaus lähtee matkaan.

## Carrier statuses in the journey
tag-Pending = Odottaa kuljetusyhtiötä
tag-InfoReceived = Lähetystiedot vastaanotettu
tag-InTransit = Kuljetuksessa
tag-OutForDelivery = Jakelussa
tag-AttemptFail = Toimitusyritys epäonnistui
tag-AvailableForPickup = Noudettavissa
tag-Exception = Ongelma ilmoitettu
tag-Expired = Ei tietoja kuljetusyhtiöltä
tag-Delivered = Toimitettu
subtag-Delivered_002 = Noudettu
subtag-Exception_005 = Viivästynyt
subtag-Exception_008 = Ei noudettu ajoissa; palautetaan lähettäjälle
subtag-Exception_010 = Palautetaan lähettäjälle
subtag-InTransit_002 = Noudettu lähettäjältä

## Locker and pickup
pickup-where = Noutopaikka
pickup-hours = Aukioloajat
pickup-code = Noutokoodi
pickup-copy = Kopioi koodi
pickup-copied = Kopioitu
pickup-code-later = Saat noutokoodin heti, kun paketti on saapunut.
# $datetime
collect-by = Nouda viimeistään { $datetime }
# $datetime
collect-expired = Noutoaika päättyi { $datetime }. Paketti palautetaan lähettäjälle; ota yhteyttä kauppaan, jos haluat sen yhä.

## Items
items = Tilaamasi tuotteet
# $n: how many
quantity = × { $n }
# $count: how many items
items-count = { $count ->
    [one] { $count } tuote
   *[other] { $count } tuotetta
}

## Help
help = Tarvitsetko apua?
help-contact = Ota yhteyttä kauppaan
help-problem = Ilmoita ongelmasta
help-return = Palauta tuote
back = Takaisin tilaukseesi
# $shop
contact-title = Ota yhteyttä kauppaan { $shop }
# $number: the order number
contact-intro = Mainitse tilausnumerosi { $number }, niin kauppa voi auttaa sinua nopeasti.
contact-email = Sähköposti
contact-phone = Puhelin
contact-web = Verkkosivusto
contact-none = Kauppa ei ole vielä julkaissut yhteystietojaan tässä. Vastaa mihin tahansa tästä tilauksesta saamaasi sähköpostiin.
problem-title = Ilmoita ongelmasta
problem-intro = Onko tilauksessasi jotain vikaa: vaurioitunut, puuttuva tai väärä tuote? Kirjoita kaupalle, mainitse tilausnumerosi ja liitä mukaan kuva, jos voit.
problem-email-subject = Ongelma tilauksessa { $number }
return-title = Palauta tuote
return-intro = Jos haluat palauttaa jotain, kirjoita kaupalle ja kerro tilausnumerosi sekä tuotteet, jotka haluat palauttaa. Kauppa kertoo, miten palautus lähetetään.
return-email-subject = Palautus, tilaus { $number }
write-email = Kirjoita sähköposti

## Looking an order up
lookup-title = Seuraa tilaustasi
lookup-intro = Anna tilausnumero sekä sähköpostiosoite tai postinumero, jolla teit tilauksen.
lookup-order = Tilausnumero
lookup-contact = Sähköpostiosoite tai postinumero
lookup-submit = Seuraa tilausta
lookup-not-found = Näillä tiedoilla ei löytynyt tilausta. Tarkista tilausnumero sekä sähköpostiosoite tai postinumero ja yritä uudelleen.
lookup-missing = Anna sekä tilausnumero että sähköpostiosoite tai postinumero.
# $minutes: a whole number
lookup-rate-limited = { $minutes ->
    [one] Liian monta yritystä. Odota minuutti ja yritä uudelleen.
   *[other] Liian monta yritystä. Odota { $minutes } minuuttia ja yritä uudelleen.
}
lookup-no-shop = Voit seurata tilausta avaamalla linkin kaupan lähettämästä sähköpostista tai kaupan verkkosivuston ”Seuraa tilausta” -sivulla.

## Errors
not-found-title = Sivua ei löytynyt
not-found-body = Tämä seurantalinkki ei ole voimassa. Tarkista sähköpostissa oleva linkki tai hae tilauksesi tilausnumerolla.
error-title = Jokin meni vikaan
error-body = Jokin meni vikaan meidän päässämme. Yritä uudelleen hetken kuluttua.
powered-by = Tilauksen seuranta: aftercare

## Unsubscribe page (a link in marketing emails). $shop: the shop's name; $address: the buyer's
## address, partly hidden
unsubscribe-title = Peru tilaus
unsubscribe-question = Lopetetaanko markkinointiviestit osoitteeseen { $address }? Kauppa: { $shop }
unsubscribe-note = Saat edelleen viestit tilauksistasi, kuten toimitustiedot.
unsubscribe-button = Peru tilaus
unsubscribe-done-title = Tilaus on peruttu
unsubscribe-done = Kauppa { $shop } ei enää lähetä markkinointiviestejä osoitteeseen { $address }.
unsubscribe-invalid = Tämä peruutuslinkki ei ole voimassa. Jos saat yhä viestejä, joita et halua, vastaa johonkin niistä ja pyydä kauppaa lopettamaan.
