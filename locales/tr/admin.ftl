# What merchants read in the admin pages. Every message here must exist in every language (a test
# fails otherwise).
# Turkish: formal "siz" form, as usual in admin software.

admin-mailbox-title = Geliştirme posta kutusu
admin-mailbox-intro = Yapılandırılmış bir SMTP sunucusu olmadığından müşterilere gidecek mesajlar gönderilmek yerine burada tutulur. Her mesaj, müşterinin alacağı şekilde gösterilir.
admin-mailbox-empty = Henüz mesaj yok.
admin-col-when = Tarih
admin-col-shop = Mağaza
admin-col-to = Alıcı
admin-col-subject = Konu
admin-col-kind = Mesaj
admin-col-channel = Kanal
admin-col-state = Durum
admin-back = Posta kutusuna dön
admin-view-html = Müşterinin gördüğü şekilde aç
admin-text-part = Düz metin
admin-history = Geçmiş
admin-sms = SMS
admin-email = E-posta
admin-sign-in-needed = Mağazanın mesajlarını görmek için mağazaya ait bir hesapla oturum açın.
