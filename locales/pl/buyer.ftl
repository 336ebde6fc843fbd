# Everything a buyer reads on the tracking page, its lookup form and the pages linked from it.
# Every message here must exist in every language (a test fails otherwise). Variables are given in
# comments; keep them, translate the words around them. Numbers select plural forms as usual.
# Polish: "Ty" form with capitalised Twój/Ciebie; past-tense verbs are avoided where they would
# show the buyer's gender (impersonal or passive forms instead).

## Dates and times. The page builds dates from these pieces, so each language writes them its own way.

# $n: 1 = Monday … 7 = Sunday
weekday = { $n ->
    [1] pon.
    [2] wt.
    [3] śr.
    [4] czw.
    [5] pt.
    [6] sob.
   *[7] niedz.
}
# $n: 1 = January … 12 = December; the form used inside a date: genitive ("25 listopada")
month = { $n ->
    [1] stycznia
    [2] lutego
    [3] marca
    [4] kwietnia
    [5] maja
    [6] czerwca
    [7] lipca
    [8] sierpnia
    [9] września
    [10] października
    [11] listopada
   *[12] grudnia
}
# A day without the year. $weekday, $day (25), $month (from `month`), $monthnum (11), $year (2026)
# "wt., 25 listopada"
date-short = { $weekday }, { $day } { $month }
# A day with the year: "25 listopada 2026"
date-long = { $day } { $month } { $year }
# $hour (two digits, 0–23), $minute (two digits)
time = { $hour }:{ $minute }
# $date (from date-short), $time (from time): "wt., 25 listopada, 14:30"
date-time = { $date }, { $time }
today = dzisiaj
tomorrow = jutro
yesterday = wczoraj
# $from, $to: two dates or two times
range = { $from } – { $to }

## Durations and the countdown. $n is a whole number.
unit-day = { $n ->
    [one] { $n } dzień
    [few] { $n } dni
    [many] { $n } dni
   *[other] { $n } dnia
}
unit-hour = { $n } godz.
unit-minute = { $n } min
# $duration: e.g. "1 dzień 4 godz."
countdown-arrive = Dotrze za { $duration }
countdown-collect = Pozostały czas na odbiór: { $duration }
countdown-soon = Dotrze lada chwila

## The page

# $number: the order number, $shop: the shop's name
page-title = Zamówienie { $number } · { $shop }
skip-link = Przejdź do zamówienia
order-heading = Zamówienie { $number }
# $date: a long date
placed-on = Złożone { $date }
language = Język
progress-label = Status zamówienia
# $step: the step's name, $n and $count: its position
progress-current = Aktualny etap: { $step } (etap { $n } z { $count })
step-done = zakończony
step-current = aktualny etap
step-todo = jeszcze nie
live-note = Ta strona odświeża się automatycznie.
# $time
updated-at = Ostatnio sprawdzono: { $time }

## The stages of an order (the progress bar)
stage-ordered = Złożone
stage-preparing = W realizacji
stage-shipped = Wysłane
stage-out_for_delivery = W doręczeniu
stage-delivered = Doręczone
stage-ready_for_pickup = Do odbioru
stage-picked_up = Odebrane
stage-cancelled = Anulowane
stage-problem = Wymaga uwagi

## The headline at the top, by stage
headline-ordered = Otrzymaliśmy Twoje zamówienie
headline-preparing = Sklep przygotowuje Twoje zamówienie
headline-shipped = Twoje zamówienie jest w drodze
headline-out_for_delivery = Kurier doręcza Twoją paczkę
headline-delivered = Twoje zamówienie zostało doręczone
headline-ready_for_pickup = Twoja paczka czeka na Ciebie
headline-picked_up = Twoje zamówienie zostało odebrane
headline-cancelled = To zamówienie zostało anulowane
headline-problem = Wystąpił problem z doręczeniem

## What happens next, by stage
next-ordered = Sklep wkrótce zacznie je przygotowywać. Każdy etap pokażemy tutaj.
next-preparing = Gdy tylko sklep przekaże paczkę przewoźnikowi, zobaczysz tu przesyłkę i jej trasę.
next-shipped = Paczka jest już u przewoźnika. Damy znać, gdy zostanie wydana do doręczenia.
next-out_for_delivery = Upewnij się, że ktoś będzie mógł ją odebrać.
next-delivered = Dziękujemy za zakupy! Coś jest nie tak? Daj znać sklepowi – kontakt znajdziesz poniżej.
next-ready_for_pickup = Zabierz ze sobą kod odbioru podany poniżej.
next-picked_up = Miłego korzystania! Coś jest nie tak? Daj znać sklepowi – kontakt znajdziesz poniżej.
next-cancelled = Jeśli to dla Ciebie zaskoczenie, skontaktuj się ze sklepem.

## The delivery estimate
# $date: a day, $from / $to: days or times
eta-day = Przewidywana dostawa: { $date }
eta-window = Przewidywana dostawa: { $from } – { $to }
eta-today = Przewidywana dostawa: dzisiaj
eta-today-between = Przewidywana dostawa: dzisiaj między { $from } a { $to }
eta-tomorrow = Przewidywana dostawa: jutro
# $percent: a whole number
eta-confidence = { $percent }% podobnych paczek dotarło w tym przedziale czasu.
eta-none = Przewidywany dzień dostawy pokażemy, gdy tylko paczka trafi do przewoźnika.
late-title = Opóźnienie
# $date: the last day of the expected window
late-body = Paczka miała dotrzeć do { $date }. Przewoźnik jeszcze jej nie doręczył; obserwujemy ją i damy znać, gdy tylko coś się zmieni.

## Problems: what happened and what happens next, by carrier status
problem-AttemptFail = Kurierowi nie udało się doręczyć paczki.
problem-AttemptFail-next = Zwykle ponawia próbę następnego dnia roboczego. Jeśli doręczenie się nie uda, paczka trafi do pobliskiego punktu odbioru, a Ty dostaniesz informację, gdzie ją odebrać.
problem-Exception = Przewoźnik zgłosił problem z tą paczką.
problem-Exception-next = Sklep został powiadomiony i zajmie się sprawą; na razie nie musisz nic robić. Masz pytania? Skontaktuj się ze sklepem – kontakt znajdziesz poniżej.
problem-Expired = Przewoźnik od dłuższego czasu nie przekazał żadnych informacji.
problem-Expired-next = Sklep został powiadomiony i wyjaśnia sprawę z przewoźnikiem.
problem-returning = Paczka wraca do sklepu.
problem-returning-next = Jeśli nadal chcesz ją otrzymać, skontaktuj się ze sklepem: może wysłać ją ponownie albo zwrócić pieniądze.

## Parcels
# $n, $count
parcel-n = Paczka { $n } z { $count }
parcel = Paczka
# $carrier: the carrier's name
carrier = Przewoźnik: { $carrier }
tracking-number = Numer przesyłki
carrier-link = Śledź na stronie przewoźnika
method-courier = Dostawa kurierem
method-locker = Automat paczkowy
method-pickup = Punkt odbioru
in-parcel = W tej paczce
timeline = Historia przesyłki
timeline-empty = Przewoźnik nie przekazał jeszcze żadnych informacji.
# $zone: a time zone name, e.g. Europe/Budapest
times-in = Godziny podano według strefy czasowej { $zone }.
not-shipped = Nic jeszcze nie zostało wysłane. Każdy etap pojawi się tutaj, gdy tylko paczka wyruszy w drogę.

## Carrier statuses in the journey (feminine: they describe "przesyłka")
tag-Pending = Oczekuje na nadanie
tag-InfoReceived = Przygotowana przez nadawcę
tag-InTransit = W drodze
tag-OutForDelivery = Wydana do doręczenia
tag-AttemptFail = Nieudana próba doręczenia
tag-AvailableForPickup = Gotowa do odbioru
tag-Exception = Zgłoszono problem
tag-Expired = Brak informacji od przewoźnika
tag-Delivered = Doręczona
subtag-Delivered_002 = Odebrana
subtag-Exception_005 = Opóźniona
subtag-Exception_008 = Nieodebrana w terminie; wraca do nadawcy
subtag-Exception_010 = Wraca do nadawcy
subtag-InTransit_002 = Odebrana od nadawcy

## Locker and pickup
pickup-where = Gdzie odebrać
pickup-hours = Godziny otwarcia
pickup-code = Kod odbioru
pickup-copy = Kopiuj kod
pickup-copied = Skopiowano
pickup-code-later = Kod odbioru otrzymasz, gdy tylko paczka dotrze na miejsce.
# $datetime
collect-by = Termin odbioru: { $datetime }
# $datetime
collect-expired = Termin odbioru minął: { $datetime }. Paczka wraca do nadawcy; jeśli nadal jej chcesz, skontaktuj się ze sklepem.

## Items
items = Zamówione produkty
# $n: how many
quantity = × { $n }
# $count: how many items
items-count = { $count ->
    [one] { $count } produkt
    [few] { $count } produkty
    [many] { $count } produktów
   *[other] { $count } produktu
}

## Help
help = Potrzebujesz pomocy?
help-contact = Skontaktuj się ze sklepem
help-problem = Zgłoś problem
help-return = Zwróć produkt
back = Wróć do zamówienia
# $shop
contact-title = Kontakt ze sklepem { $shop }
# $number: the order number
contact-intro = Podaj numer zamówienia { $number }, aby sklep mógł szybko pomóc.
contact-email = E-mail
contact-phone = Telefon
contact-web = Strona internetowa
contact-none = Sklep nie podał tu jeszcze danych kontaktowych. Odpowiedz na dowolną wiadomość e-mail dotyczącą tego zamówienia.
problem-title = Zgłoś problem
problem-intro = Coś jest nie tak z zamówieniem: produkt jest uszkodzony, czegoś brakuje albo to nie to, co zamówiono? Napisz do sklepu, podaj numer zamówienia i w miarę możliwości dołącz zdjęcie.
problem-email-subject = Problem z zamówieniem { $number }
return-title = Zwróć produkt
return-intro = Aby coś zwrócić, napisz do sklepu: podaj numer zamówienia i produkty, które chcesz odesłać. Sklep podpowie, jak je wysłać.
return-email-subject = Zwrot z zamówienia { $number }
write-email = Napisz e-mail

## Looking an order up
lookup-title = Śledź zamówienie
lookup-intro = Wpisz numer zamówienia oraz adres e-mail lub kod pocztowy podany przy zamówieniu.
lookup-order = Numer zamówienia
lookup-contact = Adres e-mail lub kod pocztowy
lookup-submit = Śledź zamówienie
lookup-not-found = Nie znaleźliśmy zamówienia o tych danych. Sprawdź numer zamówienia oraz adres e-mail lub kod pocztowy i spróbuj ponownie.
lookup-missing = Wpisz numer zamówienia oraz adres e-mail lub kod pocztowy.
# $minutes: a whole number
lookup-rate-limited = { $minutes ->
    [one] Zbyt wiele prób. Odczekaj minutę i spróbuj ponownie.
    [few] Zbyt wiele prób. Odczekaj { $minutes } minuty i spróbuj ponownie.
    [many] Zbyt wiele prób. Odczekaj { $minutes } minut i spróbuj ponownie.
   *[other] Zbyt wiele prób. Odczekaj { $minutes } minuty i spróbuj ponownie.
}
lookup-no-shop = Aby śledzić zamówienie, otwórz link z wiadomości e-mail od sklepu albo skorzystaj ze strony „Śledź zamówienie” w serwisie sklepu.

## Errors
not-found-title = Nie znaleźliśmy tej strony
not-found-body = Ten link do śledzenia jest nieprawidłowy. Sprawdź link w wiadomości e-mail albo wyszukaj zamówienie po numerze.
error-title = Coś poszło nie tak
error-body = Wystąpił błąd po naszej stronie. Spróbuj ponownie za minutę.
powered-by = Śledzenie zamówień: aftercare

## Unsubscribe page (a link in marketing emails). $shop: the shop's name; $address: the buyer's
## address, partly hidden
unsubscribe-title = Wypisz się
unsubscribe-question = Czy zrezygnować z wiadomości marketingowych od { $shop } na adres { $address }?
unsubscribe-note = Nadal będziesz otrzymywać wiadomości o swoich zamówieniach, np. o wysyłce.
unsubscribe-button = Wypisz mnie
unsubscribe-done-title = Wypisano Cię
unsubscribe-done = Sklep { $shop } nie będzie już wysyłać wiadomości marketingowych na adres { $address }.
unsubscribe-invalid = Ten link do wypisania się jest nieprawidłowy. Jeśli nadal dostajesz niechciane wiadomości, odpowiedz na jedną z nich i poproś sklep o zaprzestanie wysyłki.
