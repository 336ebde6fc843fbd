# What buyers read in the emails aftercare sends. Every message here must exist in every language
# (a test fails otherwise). Variables: $shop (the shop's name), $number (the order number),
# $carrier (the carrier's name), $place (the pickup point or locker), $code (the pickup code),
# $deadline (the collect-by date and time), $window (the expected delivery days), $name (the
# buyer's first name).
# Polish: "Ty" form with capitalised Twój/Ci/Ciebie; no past-tense verbs that would show the
# buyer's gender (impersonal or passive forms instead), as in buyer.ftl.

mail-greeting = Cześć { $name },
mail-greeting-anon = Cześć,
mail-button-track = Śledź zamówienie
mail-items = Zamówione produkty
# $window: one day or two days with a dash between
mail-eta = Przewidywana dostawa: { $window }
mail-footer = Otrzymujesz tę wiadomość w związku z zamówieniem w sklepie { $shop }. Masz pytania? Po prostu na nią odpowiedz.

## Order confirmation
mail-subject-order_confirmation = Dziękujemy za zamówienie { $number }
mail-heading-order_confirmation = Dziękujemy za zamówienie!
mail-body-order_confirmation = Otrzymaliśmy Twoje zamówienie { $number } złożone w sklepie { $shop }. Damy Ci znać, gdy tylko zostanie wysłane.

## Being prepared
mail-subject-preparing = Przygotowujemy Twoje zamówienie { $number }
mail-heading-preparing = Twoje zamówienie jest w realizacji
mail-body-preparing = Sklep { $shop } pakuje Twoje zamówienie { $number }. Damy Ci znać, gdy zostanie wysłane.

## Shipped
mail-subject-shipped = Twoje zamówienie { $number } jest w drodze
mail-heading-shipped = Twoje zamówienie jest w drodze
mail-body-shipped = Twoja paczka jest już u przewoźnika { $carrier } i jedzie do Ciebie.

## Out for delivery
mail-subject-out_for_delivery = Twoja paczka dotrze dzisiaj
mail-heading-out_for_delivery = Kurier doręcza Twoją paczkę
mail-body-out_for_delivery = Kurier { $carrier } doręczy dzisiaj Twoje zamówienie { $number }. Upewnij się, że ktoś będzie mógł je odebrać.

## Ready for pickup
mail-subject-ready_for_pickup = Twoja paczka jest gotowa do odbioru
mail-heading-ready_for_pickup = Twoja paczka czeka na Ciebie
mail-body-ready_for_pickup = Twoje zamówienie { $number } czeka tutaj: { $place }. Odbierz je, używając kodu odbioru podanego poniżej. Termin odbioru: { $deadline }.

## Delivered
mail-subject-delivered = Twoje zamówienie { $number } zostało doręczone
mail-heading-delivered = Twoje zamówienie dotarło
mail-body-delivered = Przewoźnik { $carrier } doręczył Twoje zamówienie { $number }. Mamy nadzieję, że zakupy przypadną Ci do gustu! Coś jest nie tak? Po prostu odpowiedz na tę wiadomość.

## Picked up
mail-subject-picked_up = Twoje zamówienie { $number } zostało odebrane
mail-heading-picked_up = Miłego korzystania!
mail-body-picked_up = Zamówienie { $number } zostało odebrane. Coś jest nie tak? Po prostu odpowiedz na tę wiadomość.

## Delivery attempt failed
mail-subject-attempt_fail = Nie udało się doręczyć Twojej paczki
mail-heading-attempt_fail = Kurierowi nie udało się doręczyć paczki
mail-body-attempt_fail = Przewoźnik { $carrier } próbował doręczyć Twoje zamówienie { $number }, ale bezskutecznie. Zwykle ponawia próbę następnego dnia roboczego; na stronie śledzenia zobaczysz, co dalej.

## Delayed or a problem
mail-subject-exception = Przepraszamy – zamówienie { $number } się opóźnia
mail-heading-exception = Przepraszamy: Twoja paczka jest opóźniona
mail-body-exception = Przewoźnik { $carrier } zgłosił problem z Twoją paczką. Bardzo przepraszamy, że musisz czekać. Zajmujemy się tym i damy znać, gdy tylko paczka znowu ruszy w drogę.

## Going back to the sender
mail-subject-returning = Twoja paczka wraca do sklepu { $shop }
mail-heading-returning = Twoja paczka wraca do nadawcy
mail-body-returning = Twoje zamówienie { $number } wraca do sklepu { $shop }. Jeśli nadal chcesz je otrzymać, odpowiedz na tę wiadomość: możemy wysłać je ponownie albo zwrócić pieniądze.

## Cancelled
mail-subject-cancelled = Twoje zamówienie { $number } zostało anulowane
mail-heading-cancelled = Twoje zamówienie zostało anulowane
mail-body-cancelled = Twoje zamówienie { $number } w sklepie { $shop } zostało anulowane. Jeśli to dla Ciebie zaskoczenie, po prostu odpowiedz na tę wiadomość.

## A reminder before the collect-by deadline
mail-subject-collect_reminder = Przypomnienie: Twoja paczka czeka na Ciebie
mail-heading-collect_reminder = Twoja paczka wciąż czeka na odbiór
mail-body-collect_reminder = Twoje zamówienie { $number } czeka tutaj: { $place }. Termin odbioru: { $deadline }; potem paczka wróci do nadawcy.

## SMS: short; the tracking link is added after the text
sms-out_for_delivery = { $shop }: Twoje zamówienie { $number } dotrze dzisiaj.
sms-ready_for_pickup = { $shop }: Twoja paczka czeka tutaj: { $place }. Kod: { $code }. Termin odbioru: { $deadline }.
sms-collect_reminder = { $shop }: przypomnienie, Twoja paczka czeka tutaj: { $place } do { $deadline }. Kod: { $code }.
sms-attempt_fail = { $shop }: kurier nie mógł doręczyć zamówienia { $number }. Co dalej:

## Marketing messages (sent only with the buyer's consent; they always carry an unsubscribe link)
mail-subject-review_request = Jak podoba Ci się zamówienie ze sklepu { $shop }?
mail-heading-review_request = Jak oceniasz swoje zamówienie?
mail-body-review_request = Twoje zamówienie { $number } dotarło kilka dni temu. Chętnie poznamy Twoją opinię: krótka recenzja pomaga innym kupującym, a odpowiedź na tę wiadomość trafi do pracownika sklepu { $shop }.
mail-button-review_request = Napisz opinię
mail-footer-marketing = Otrzymujesz tę wiadomość, ponieważ zgodziłeś się na wiadomości od sklepu { $shop }.
mail-unsubscribe = Wypisz się
