# What merchants read in the admin pages. Every message here must exist in every language (a test
# fails otherwise).
# Polish: neutral impersonal wording, as usual in admin software.

admin-mailbox-title = Skrzynka deweloperska
admin-mailbox-intro = Nie skonfigurowano serwera SMTP, dlatego wiadomości do kupujących nie są wysyłane, tylko zapisywane tutaj. Każda wiadomość jest pokazana w takiej postaci, w jakiej trafiłaby do kupującego.
admin-mailbox-empty = Nie ma jeszcze wiadomości.
admin-col-when = Data
admin-col-shop = Sklep
admin-col-to = Odbiorca
admin-col-subject = Temat
admin-col-kind = Wiadomość
admin-col-channel = Kanał
admin-col-state = Status
admin-back = Powrót do skrzynki
admin-view-html = Otwórz w widoku kupującego
admin-text-part = Zwykły tekst
admin-history = Historia
admin-sms = SMS
admin-email = E-mail

## Frame and navigation
admin-nav = Panel administracyjny
admin-nav-home = Strona główna
admin-nav-orders = Zamówienia
admin-nav-mailbox = Wiadomości
admin-nav-queue = Kolejka
admin-nav-templates = Szablony
admin-nav-settings = Ustawienia
admin-nav-users = Użytkownicy
admin-nav-audit = Dziennik zdarzeń
admin-shop = Sklep
admin-switch = Przełącz
admin-sign-out = Wyloguj
admin-account = Konto
admin-save = Zapisz
admin-saved = Zapisano.
admin-copy = Kopiuj
admin-any = Wszystkie
admin-next-page = Następna strona
admin-fix-errors = Popraw następujące elementy:
admin-continue = Dalej
admin-line = wiersz

## Refusals
admin-denied-title = Brak dostępu
admin-denied = Rola w tym sklepie nie daje dostępu do tej strony ani tej czynności. W razie potrzeby poproś o dostęp właściciela sklepu.
admin-cross-site = To żądanie pochodzi z innej witryny, dlatego zostało odrzucone. Otwórz panel bezpośrednio i spróbuj ponownie.
admin-csrf = Formularz wygasł lub nie pochodzi z tego panelu. Odśwież stronę i spróbuj ponownie.
admin-session-ended-title = Wylogowano
admin-session-ended = Sesja wygasła. Zaloguj się ponownie, aby kontynuować.
admin-too-large-title = Zbyt duży rozmiar
admin-too-large = Przesłane dane są zbyt duże.
admin-not-found-title = Nie znaleziono
admin-not-found = Ta strona nie istnieje lub należy do innego sklepu.

## Sign-in, reset, invitations
admin-sign-in-title = Logowanie
admin-sign-in = Zaloguj się
admin-password = Hasło
admin-forgot = Nie pamiętasz hasła?
admin-sign-in-wrong = Nieprawidłowy e-mail lub hasło.
admin-sign-in-limited = Zbyt wiele prób. Odczekaj kilka minut i spróbuj ponownie.
admin-form-expired = Formularz wygasł. Spróbuj ponownie.
admin-signed-out = Wylogowano.
admin-reset-title = Resetowanie hasła
admin-reset-intro = Podaj adres e-mail konta. Wyślemy link do ustawienia nowego hasła.
admin-reset-send = Wyślij link
admin-reset-sent = Jeśli ten adres należy do konta, link jest już w drodze. Działa jednorazowo przez 30 minut.
admin-reset-choose = Ustaw nowe hasło o długości co najmniej 12 znaków. Nastąpi wylogowanie ze wszystkich urządzeń.
admin-reset-done = Hasło zostało zmienione. Zaloguj się nowym hasłem.
admin-back-to-sign-in = Powrót do logowania
admin-new-password = Nowe hasło
admin-link-gone-title = Ten link nie działa
admin-link-gone = Link wygasł lub został już użyty. Poproś o nowy.
admin-reset-mail-subject = Resetowanie hasła w aftercare
# $link: the reset page
admin-reset-mail-body = Otrzymaliśmy prośbę (mamy nadzieję, że od Ciebie) o zresetowanie hasła do konta w aftercare. Nowe hasło można ustawić tutaj w ciągu 30 minut: { $link }
    
    Jeśli to nie Ty, zignoruj tę wiadomość: hasło pozostanie bez zmian.
admin-invite-title = Dołącz do sklepu
# $email: the invited address
admin-invite-new = Ustaw hasło (co najmniej 12 znaków) do nowego konta: { $email }.
admin-invite-existing = Aby dołączyć do tego sklepu, podaj hasło do konta: { $email }.
admin-invite-retry = Spróbuj ponownie.
admin-invite-joined = Dołączono do sklepu. Zaloguj się, aby kontynuować.
# $shop: the shop's name
admin-invite-mail-subject = Zaproszenie do sklepu { $shop } w aftercare
# $inviter: who invited; $link: the page to accept
admin-invite-mail-body = { $inviter } zaprasza Cię do pomocy w prowadzeniu sklepu { $shop } w aftercare. Zaproszenie można przyjąć w ciągu 7 dni: { $link }

## Account
admin-language = Język
admin-change-password = Zmień hasło
admin-current-password = Obecne hasło
admin-change-password-note = Zmiana hasła powoduje wylogowanie na wszystkich pozostałych urządzeniach.
admin-password-changed = Hasło zostało zmienione. Pozostałe sesje zostały zakończone.
admin-sessions = Aktywne sesje
admin-col-signed-in = Zalogowano
admin-col-last-seen = Ostatnia aktywność
admin-col-browser = Przeglądarka
admin-sign-out-everywhere = Wyloguj ze wszystkich urządzeń

## Home
admin-home-late = Zagrożone opóźnieniem
admin-home-problems = Przesyłki z problemem
admin-home-failed-today = Wiadomości niedostarczone dzisiaj
admin-home-stages = Zamówienia z ostatnich 30 dni według etapu
admin-home-per-day = Zamówienia dziennie
admin-home-none = Nic tu nie ma. To dobrze.

## Orders
admin-search = Szukaj
admin-search-hint = Numer zamówienia, e-mail, imię i nazwisko lub numer przesyłki
admin-search-button = Szukaj
admin-from = Od
admin-to = Do
admin-trending-late = Zagrożone opóźnieniem
admin-orders-none = Brak pasujących zamówień.
admin-col-order = Zamówienie
admin-col-placed = Złożone
admin-col-buyer = Kupujący
admin-col-stage = Etap
admin-col-method = Dostawa
admin-col-total = Suma
admin-col-carrier = Przewoźnik
admin-col-status = Status
admin-col-updated = Aktualizacja
admin-open-tracking = Otwórz stronę śledzenia kupującego
admin-buyer = Kupujący
admin-phone = Telefon
admin-source = Źródło
admin-external-id = Identyfikator w sklepie
admin-address-shipping = Adres dostawy
admin-address-billing = Adres rozliczeniowy
admin-items = Pozycje
admin-parcels = Paczki
admin-no-parcels = Nie ma jeszcze paczki.
admin-estimate = Przewidywana dostawa
admin-place = Miejsce odbioru
admin-collect-by = Termin odbioru
admin-messages = Co przekazano kupującemu
admin-no-messages = Nie ma jeszcze wiadomości.
admin-raw-events = Surowe dane z platformy sklepu i od przewoźników
admin-no-raw-events = Z tym zamówieniem nie są powiązane żadne odebrane webhooki.

## Queue
admin-col-job = Zadanie
admin-col-attempts = Próby
admin-col-error = Ostatni błąd
admin-queue-empty = Brak zadań w tym stanie.
admin-retry = Ponów
admin-job-queued = Oczekuje
admin-job-running = W toku
admin-job-dead = Trwale nieudane
admin-job-done = Gotowe

## Templates
admin-templates-intro = Wszystkie wiadomości we wszystkich językach. Każdą z nich można zastąpić własną wersją; pozostałe zachowują treść aftercare.
admin-template-own = Własny
admin-template-default = Domyślny
admin-back-templates = Wszystkie szablony
admin-html-part = HTML
admin-template-variables = Dostępne zmienne:
admin-preview = Podgląd
admin-preview-order = Podgląd z zamówieniem (numer lub identyfikator; puste: przykładowe dane)
admin-preview-no-order = Brak zamówienia o tym numerze.
admin-template-reset = Przywróć domyślny
admin-kind-order_confirmation = Potwierdzenie zamówienia
admin-kind-preparing = W realizacji
admin-kind-shipped = Wysłane
admin-kind-out_for_delivery = W doręczeniu
admin-kind-ready_for_pickup = Gotowe do odbioru
admin-kind-delivered = Doręczone
admin-kind-picked_up = Odebrane
admin-kind-attempt_fail = Nieudana próba doręczenia
admin-kind-exception = Opóźnienie lub problem
admin-kind-returning = Zwrot do sklepu
admin-kind-cancelled = Anulowane
admin-kind-collect_reminder = Przypomnienie o odbiorze
admin-kind-review_request = Prośba o opinię

## Settings
admin-settings-shop = Sklep
admin-shop-name = Nazwa sklepu
admin-default-locale = Domyślny język
admin-enabled-locales = Języki do wyboru dla kupujących
admin-time-zone = Strefa czasowa
admin-business-hours = Godziny otwarcia (dzień zamknięty zostaw pusty)
admin-opens = otwarcie
admin-closes = zamknięcie
admin-day-mon = Poniedziałek
admin-day-tue = Wtorek
admin-day-wed = Środa
admin-day-thu = Czwartek
admin-day-fri = Piątek
admin-day-sat = Sobota
admin-day-sun = Niedziela
admin-holidays = Dni wolne (jedna data w wierszu, YYYY-MM-DD)
admin-branding = Identyfikacja wizualna
admin-brand-color = Kolor marki
admin-support-email = E-mail obsługi klienta
admin-support-phone = Telefon obsługi klienta
admin-website = Strona internetowa
admin-logo = Logo (PNG, JPEG, WebP lub SVG, maks. 256 KiB)
admin-upload = Prześlij
admin-connect = Połącz platformę sklepu
admin-connect-intro = Wklej adres URL webhooka na platformie, a następnie dodaj tutaj sekret wyświetlony przez platformę. Zdarzenia natywne są podpisywane naszym własnym sekretem.
admin-webhook-url = URL webhooka
admin-secrets = Sekrety
admin-secret-paste = Sekret wyświetlony przez platformę
admin-secret-add = Dodaj sekret
admin-secret-new = Nowy sekret
admin-revoke = Unieważnij
admin-rotate-note = Aby wymienić sekret lub klucz bez przerwy w działaniu: dodaj nowy, przełącz platformę, a potem unieważnij stary.
admin-source-native = Natywne (własne systemy)
admin-source-shopify = Shopify
admin-source-woocommerce = WooCommerce
admin-source-aftership = AfterShip
admin-api-keys = Klucze API
admin-api-key = klucz API
admin-webhook-secret = sekret webhooka
admin-key-name = Nazwa
admin-key-new = Nowy klucz
admin-col-created = Utworzono
admin-col-last-used = Ostatnie użycie
# $what: "API key" or "webhook secret"
admin-shown-once = Nowy { $what } znajduje się poniżej. Jest widoczny tylko teraz: skopiuj go w bezpieczne miejsce.
admin-collect-by-defaults = Domyślne terminy odbioru według przewoźnika
admin-collect-by-intro = Ile godzin paczka w automacie lub punkcie odbioru czeka przed zwrotem, jeśli przewoźnik tego nie podaje.
admin-hours = Godziny

## People
admin-role = Rola
admin-role-owner = Właściciel
admin-role-agent = Konsultant
admin-role-analyst = Analityk
admin-remove = Usuń
admin-invite = Zaproś osobę
admin-invite-send = Wyślij zaproszenie
admin-invited = Zaproszenie wysłane.
admin-open-invites = Oczekujące zaproszenia
admin-roles-explained = Właściciele mają pełny dostęp. Konsultanci widzą zamówienia, wiadomości i kolejkę. Analitycy widzą liczby na stronie głównej.

## Audit log
admin-audit-intro = Wszystkie zmiany ustawień, użytkowników, kluczy, szablonów i zadań, od najnowszych. Wpisów nie można zmieniać ani usuwać.
admin-col-who = Kto
admin-col-action = Czynność
admin-col-target = Obiekt
admin-col-detail = Szczegóły
