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

## Frame and navigation
admin-nav = Yönetim
admin-nav-home = Ana sayfa
admin-nav-orders = Siparişler
admin-nav-mailbox = Mesajlar
admin-nav-queue = Kuyruk
admin-nav-templates = Şablonlar
admin-nav-settings = Ayarlar
admin-nav-users = Kullanıcılar
admin-nav-audit = Denetim kaydı
admin-shop = Mağaza
admin-switch = Değiştir
admin-sign-out = Çıkış yap
admin-account = Hesabınız
admin-save = Kaydet
admin-saved = Kaydedildi.
admin-copy = Kopyala
admin-any = Tümü
admin-next-page = Sonraki sayfa
admin-fix-errors = Lütfen şunları düzeltin:
admin-continue = Devam
admin-line = satır

## Refusals
admin-denied-title = İzin verilmiyor
admin-denied = Bu mağazadaki rolünüz bu sayfaya veya işleme izin vermiyor. Gerekirse mağaza sahiplerinden birine başvurun.
admin-cross-site = Bu istek başka bir web sitesinden geldiği için reddedildi. Yönetim panelini doğrudan açıp tekrar deneyin.
admin-csrf = Bu formun süresi doldu veya form bu yönetim panelinden gelmedi. Sayfayı yenileyip tekrar deneyin.
admin-session-ended-title = Oturum kapatıldı
admin-session-ended = Oturumunuz sona erdi. Devam etmek için tekrar giriş yapın.
admin-too-large-title = Çok büyük
admin-too-large = Gönderdiğiniz veri çok büyük.
admin-not-found-title = Bulunamadı
admin-not-found = Bu sayfa mevcut değil veya başka bir mağazaya ait.

## Sign-in, reset, invitations
admin-sign-in-title = Giriş yap
admin-sign-in = Giriş yap
admin-password = Şifre
admin-forgot = Şifrenizi mi unuttunuz?
admin-sign-in-wrong = E-posta veya şifre hatalı.
admin-sign-in-limited = Çok fazla deneme yapıldı. Lütfen birkaç dakika bekleyip tekrar deneyin.
admin-form-expired = Formun süresi doldu. Lütfen tekrar deneyin.
admin-signed-out = Oturumunuz kapatıldı.
admin-reset-title = Şifrenizi sıfırlayın
admin-reset-intro = Hesabınızın e-posta adresini girin. Yeni bir şifre belirlemeniz için size bir bağlantı göndereceğiz.
admin-reset-send = Bağlantıyı gönder
admin-reset-sent = Bu adresi kullanan bir hesap varsa bağlantı yola çıktı. Bağlantı bir kez ve 30 dakika boyunca geçerlidir.
admin-reset-choose = En az 12 karakterden oluşan yeni bir şifre belirleyin. Tüm cihazlarda oturumunuz kapatılacak.
admin-reset-done = Şifreniz değiştirildi. Yeni şifrenizle giriş yapın.
admin-back-to-sign-in = Girişe dön
admin-new-password = Yeni şifre
admin-link-gone-title = Bu bağlantı çalışmıyor
admin-link-gone = Bağlantının süresi doldu veya bağlantı zaten kullanıldı. Yeni bir bağlantı isteyin.
admin-reset-mail-subject = aftercare şifrenizi sıfırlayın
# $link: the reset page
admin-reset-mail-body = Birisi (umarız sizsinizdir) aftercare hesabınızın şifresini sıfırlamak istedi. 30 dakika içinde buradan yeni bir şifre belirleyin: { $link }
    
    Bu isteği siz yapmadıysanız bu e-postayı dikkate almayın: şifreniz olduğu gibi kalır.
admin-invite-title = Mağazaya katılın
# $email: the invited address
admin-invite-new = Yeni hesabınız için bir şifre belirleyin (en az 12 karakter): { $email }.
admin-invite-existing = Bu mağazaya katılmak için hesabınızın şifresini girin: { $email }.
admin-invite-retry = Lütfen tekrar deneyin.
admin-invite-joined = Mağazaya katıldınız. Devam etmek için giriş yapın.
# $shop: the shop's name
admin-invite-mail-subject = aftercare üzerinde { $shop } mağazasına davet edildiniz
# $inviter: who invited; $link: the page to accept
admin-invite-mail-body = { $inviter } sizi aftercare üzerinde { $shop } mağazasının yönetimine yardımcı olmanız için davet etti. Daveti 7 gün içinde kabul edin: { $link }

## Account
admin-language = Dil
admin-change-password = Şifreyi değiştir
admin-current-password = Mevcut şifre
admin-change-password-note = Şifrenizi değiştirdiğinizde diğer tüm cihazlarda oturumunuz kapatılır.
admin-password-changed = Şifreniz değiştirildi. Diğer oturumlarınız sonlandırıldı.
admin-sessions = Oturum açtığınız yerler
admin-col-signed-in = Giriş zamanı
admin-col-last-seen = Son etkinlik
admin-col-browser = Tarayıcı
admin-sign-out-everywhere = Her yerden çıkış yap

## Home
admin-home-late = Gecikme riski olanlar
admin-home-problems = Sorunlu paketler
admin-home-failed-today = Bugün iletilemeyen mesajlar
admin-home-stages = Son 30 günün siparişleri (aşamaya göre)
admin-home-per-day = Günlük siparişler
admin-home-none = Burada bir şey yok. Bu iyi.

## Orders
admin-search = Ara
admin-search-hint = Sipariş numarası, e-posta, ad veya kargo takip numarası
admin-search-button = Ara
admin-from = Başlangıç
admin-to = Bitiş
admin-trending-late = Gecikme riski
admin-orders-none = Eşleşen sipariş yok.
admin-col-order = Sipariş
admin-col-placed = Sipariş tarihi
admin-col-buyer = Müşteri
admin-col-stage = Aşama
admin-col-method = Teslimat
admin-col-total = Toplam
admin-col-carrier = Kargo firması
admin-col-status = Durum
admin-col-updated = Güncellenme
admin-open-tracking = Müşterinin takip sayfasını aç
admin-buyer = Müşteri
admin-phone = Telefon
admin-source = Kaynak
admin-external-id = Mağazadaki kimlik
admin-address-shipping = Teslimat adresi
admin-address-billing = Fatura adresi
admin-items = Ürünler
admin-parcels = Paketler
admin-no-parcels = Henüz paket yok.
admin-estimate = Tahmini teslimat
admin-place = Teslim alma yeri
admin-collect-by = Son teslim alma
admin-messages = Müşteriye iletilenler
admin-no-messages = Henüz mesaj yok.
admin-raw-events = Mağaza platformundan ve kargo firmalarından gelen ham veriler
admin-no-raw-events = Bu siparişe bağlı webhook iletimi yok.

## Queue
admin-col-job = İş
admin-col-attempts = Deneme
admin-col-error = Son hata
admin-queue-empty = Bu durumda iş yok.
admin-retry = Yeniden dene
admin-job-queued = Bekliyor
admin-job-running = Çalışıyor
admin-job-dead = Kalıcı olarak başarısız
admin-job-done = Tamamlandı

## Templates
admin-templates-intro = Her dilde her mesaj. Herhangi biri için kendi sürümünüzü yazabilirsiniz; diğerlerinde aftercare metni kullanılır.
admin-template-own = Kendi sürümünüz
admin-template-default = Varsayılan
admin-back-templates = Tüm şablonlar
admin-html-part = HTML
admin-template-variables = Kullanabilecekleriniz:
admin-preview = Önizleme
admin-preview-order = Bir siparişle önizle (numara veya kimlik; boş: örnek veriler)
admin-preview-no-order = Bu numarayla sipariş yok.
admin-template-reset = Varsayılana dön
admin-kind-order_confirmation = Sipariş onayı
admin-kind-preparing = Hazırlanıyor
admin-kind-shipped = Kargoya verildi
admin-kind-out_for_delivery = Dağıtımda
admin-kind-ready_for_pickup = Teslim almaya hazır
admin-kind-delivered = Teslim edildi
admin-kind-picked_up = Teslim alındı
admin-kind-attempt_fail = Teslimat denemesi başarısız
admin-kind-exception = Gecikme veya sorun
admin-kind-returning = Mağazaya geri dönüyor
admin-kind-cancelled = İptal edildi
admin-kind-collect_reminder = Teslim alma hatırlatması
admin-kind-review_request = Değerlendirme isteği

## Settings
admin-settings-shop = Mağaza
admin-shop-name = Mağaza adı
admin-default-locale = Varsayılan dil
admin-enabled-locales = Müşterilerin seçebileceği diller
admin-time-zone = Saat dilimi
admin-business-hours = Çalışma saatleri (kapalı günleri boş bırakın)
admin-opens = açılış
admin-closes = kapanış
admin-day-mon = Pazartesi
admin-day-tue = Salı
admin-day-wed = Çarşamba
admin-day-thu = Perşembe
admin-day-fri = Cuma
admin-day-sat = Cumartesi
admin-day-sun = Pazar
admin-holidays = Tatil günleri (her satıra bir tarih, YYYY-MM-DD)
admin-branding = Marka görünümü
admin-brand-color = Marka rengi
admin-support-email = Destek e-postası
admin-support-phone = Destek telefonu
admin-website = Web sitesi
admin-logo = Logo (PNG, JPEG, WebP veya SVG, en fazla 256 KiB)
admin-upload = Yükle
admin-connect = Mağaza platformunuzu bağlayın
admin-connect-intro = Webhook URL'sini platforma yapıştırın, ardından platformun gösterdiği gizli anahtarı buraya ekleyin. Yerel olaylar bizim gizli anahtarımızla imzalanır.
admin-webhook-url = Webhook URL'si
admin-secrets = Gizli anahtarlar
admin-secret-paste = Platformun gösterdiği gizli anahtar
admin-secret-add = Gizli anahtar ekle
admin-secret-new = Yeni gizli anahtar
admin-revoke = İptal et
admin-rotate-note = Bir gizli anahtarı veya API anahtarını kesintisiz değiştirmek için: yenisini ekleyin, platformu yenisine geçirin, ardından eskisini iptal edin.
admin-source-native = Yerel (kendi sistemleriniz)
admin-source-shopify = Shopify
admin-source-woocommerce = WooCommerce
admin-source-aftership = AfterShip
admin-api-keys = API anahtarları
admin-api-key = API anahtarı
admin-webhook-secret = webhook gizli anahtarı
admin-key-name = Ad
admin-key-new = Yeni anahtar
admin-col-created = Oluşturulma
admin-col-last-used = Son kullanım
# $what: "API key" or "webhook secret"
admin-shown-once = Yeni { $what } aşağıdadır. Yalnızca şimdi gösteriliyor: güvenli bir yere kopyalayın.
admin-collect-by-defaults = Kargo firmasına göre varsayılan teslim alma süreleri
admin-collect-by-intro = Kargo firması belirtmediğinde, dolaptaki veya teslim noktasındaki bir paketin geri gönderilmeden önce kaç saat beklediği.
admin-hours = Saat

## People
admin-role = Rol
admin-role-owner = Sahip
admin-role-agent = Temsilci
admin-role-analyst = Analist
admin-remove = Kaldır
admin-invite = Birini davet et
admin-invite-send = Davet gönder
admin-invited = Davet gönderildi.
admin-open-invites = Bekleyen davetler
admin-roles-explained = Sahipler her şeyi yapabilir. Temsilciler siparişleri, mesajları ve kuyruğu görür. Analistler ana sayfadaki sayıları görür.

## Audit log
admin-audit-intro = Ayarlarda, kullanıcılarda, anahtarlarda, şablonlarda ve işlerde yapılan tüm değişiklikler, en yenisi en üstte. Kayıtlar değiştirilemez veya silinemez.
admin-col-who = Kim
admin-col-action = İşlem
admin-col-target = Hedef
admin-col-detail = Ayrıntılar
