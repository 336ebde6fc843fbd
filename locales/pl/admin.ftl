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
admin-sign-in-needed = Wiadomości sklepu są widoczne po zalogowaniu się na konto tego sklepu.
