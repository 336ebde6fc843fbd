# Everything a buyer reads on the tracking page, its lookup form and the pages linked from it.
# Every message here must exist in every language (a test fails otherwise). Variables are given in
# comments; keep them, translate the words around them. Numbers select plural forms as usual.
# Turkish: polite "siz" form. Never attach a suffix to a variable ("{ $date }'e" would need vowel
# harmony); put variables after a colon or before a separate word ("ile", "içinde", "arası").

## Dates and times. The page builds dates from these pieces, so each language writes them its own way.

# $n: 1 = Monday … 7 = Sunday (full names, as in "25 Kasım Salı")
weekday = { $n ->
    [1] Pazartesi
    [2] Salı
    [3] Çarşamba
    [4] Perşembe
    [5] Cuma
    [6] Cumartesi
   *[7] Pazar
}
# $n: 1 = January … 12 = December; the form used inside a date ("25 Kasım")
month = { $n ->
    [1] Ocak
    [2] Şubat
    [3] Mart
    [4] Nisan
    [5] Mayıs
    [6] Haziran
    [7] Temmuz
    [8] Ağustos
    [9] Eylül
    [10] Ekim
    [11] Kasım
   *[12] Aralık
}
# A day without the year. $weekday, $day (25), $month (from `month`), $monthnum (11), $year (2026)
# "25 Kasım Salı"
date-short = { $day } { $month } { $weekday }
# A day with the year: "25 Kasım 2026"
date-long = { $day } { $month } { $year }
# $hour (two digits, 0–23), $minute (two digits)
time = { $hour }:{ $minute }
# $date (from date-short), $time (from time): "25 Kasım Salı 14:30"
date-time = { $date } { $time }
today = bugün
tomorrow = yarın
yesterday = dün
# $from, $to: two dates or two times
range = { $from } – { $to }

## Durations and the countdown. $n is a whole number.
# Nouns after a number stay singular in Turkish, so no plural selector is needed.
unit-day = { $n } gün
unit-hour = { $n } sa
unit-minute = { $n } dk
# $duration: e.g. "1 gün 4 sa"
countdown-arrive = Tahminen { $duration } içinde ulaşacak
countdown-collect = Teslim almak için kalan süre: { $duration }
countdown-soon = Her an ulaşabilir

## The page

# $number: the order number, $shop: the shop's name
page-title = Sipariş { $number } · { $shop }
skip-link = Siparişe geç
order-heading = Sipariş { $number }
# $date: a long date
placed-on = { $date } tarihinde verildi
language = Dil
progress-label = Sipariş durumu
# $step: the step's name, $n and $count: its position
progress-current = Mevcut adım: { $step } (adım { $n }/{ $count })
step-done = tamamlandı
step-current = mevcut adım
step-todo = henüz değil
live-note = Bu sayfa otomatik olarak güncellenir.
# $time
updated-at = Son kontrol: { $time }

## The stages of an order (the progress bar)
stage-ordered = Sipariş alındı
stage-preparing = Hazırlanıyor
stage-shipped = Kargoya verildi
stage-out_for_delivery = Dağıtımda
stage-delivered = Teslim edildi
stage-ready_for_pickup = Teslim alınabilir
stage-picked_up = Teslim alındı
stage-cancelled = İptal edildi
stage-problem = Sorun var

## The headline at the top, by stage
headline-ordered = Siparişinizi aldık
headline-preparing = Mağaza siparişinizi hazırlıyor
headline-shipped = Siparişiniz yolda
headline-out_for_delivery = Kargonuz dağıtıma çıktı
headline-delivered = Siparişiniz teslim edildi
headline-ready_for_pickup = Kargonuz sizi bekliyor
headline-picked_up = Siparişinizi teslim aldınız
headline-cancelled = Bu sipariş iptal edildi
headline-problem = Teslimatınızla ilgili bir sorun var

## What happens next, by stage
next-ordered = Mağaza kısa süre içinde siparişinizi hazırlamaya başlayacak. Her adımı burada göstereceğiz.
next-preparing = Siparişiniz kargo firmasına teslim edildiği anda paketi ve yolculuğunu burada görebileceksiniz.
next-shipped = Paketiniz kargo firmasında. Dağıtıma çıktığında size haber vereceğiz.
next-out_for_delivery = Lütfen paketi teslim alabilecek birinin adreste olmasını sağlayın.
next-delivered = Alışverişiniz için teşekkür ederiz. Bir sorun mu var? Aşağıdan mağazaya bildirebilirsiniz.
next-ready_for_pickup = Teslim alırken aşağıdaki kodu yanınızda bulundurun.
next-picked_up = Güle güle kullanın! Bir sorun mu var? Aşağıdan mağazaya bildirebilirsiniz.
next-cancelled = Bunu beklemiyorsanız lütfen mağazayla iletişime geçin.

## The delivery estimate
# $date: a day, $from / $to: days or times
eta-day = Tahmini teslimat: { $date }
eta-window = Tahmini teslimat: { $from } – { $to }
eta-today = Tahmini teslimat: bugün
eta-today-between = Tahmini teslimat: bugün { $from } – { $to } arası
eta-tomorrow = Tahmini teslimat: yarın
# $percent: a whole number (Turkish writes the sign first: %80)
eta-confidence = Benzer kargolar %{ $percent } oranında bu zaman aralığında teslim edildi.
eta-none = Kargo firması paketi teslim alır almaz tahmini teslimat gününü burada göstereceğiz.
late-title = Gecikme var
# $date: the last day of the expected window
late-body = En geç { $date } tarihinde ulaşması bekleniyordu. Kargo firması paketi henüz teslim etmedi; takip ediyoruz ve bir hareket olur olmaz size haber vereceğiz.

## Problems: what happened and what happens next, by carrier status
problem-AttemptFail = Kurye paketi teslim edemedi.
problem-AttemptFail-next = Genellikle bir sonraki iş günü tekrar denenir. Teslim edilemezse paket yakındaki bir teslim noktasına bırakılır ve nereden alabileceğiniz size bildirilir.
problem-Exception = Kargo firması bu paketle ilgili bir sorun bildirdi.
problem-Exception-next = Mağazaya bilgi verildi ve sorunu çözecek; şu anda bir şey yapmanıza gerek yok. Sorunuz mu var? Aşağıdan mağazayla iletişime geçebilirsiniz.
problem-Expired = Kargo firması uzun süredir bir bilgi paylaşmadı.
problem-Expired-next = Mağazaya bilgi verildi; durumu kargo firmasıyla kontrol ediyor.
problem-returning = Paket mağazaya geri dönüyor.
problem-returning-next = Ürünü hâlâ istiyorsanız mağazayla iletişime geçin: paketi yeniden gönderebilir veya ücretini iade edebilir.

## Parcels
# $n, $count
parcel-n = Paket { $n }/{ $count }
parcel = Paket
# $carrier: the carrier's name
carrier = Kargo firması: { $carrier }
tracking-number = Kargo takip numarası
carrier-link = Kargo firmasının sitesinde takip et
method-courier = Adrese teslimat
method-locker = Kargo dolabı
method-pickup = Teslim noktası
in-parcel = Bu pakette
timeline = Kargo hareketleri
timeline-empty = Kargo firmasından henüz bir güncelleme yok.
# $zone: a time zone name, e.g. Europe/Budapest
times-in = Saatler { $zone } saat dilimine göre gösterilir.
not-shipped = Henüz kargoya verilen bir şey yok. Siparişiniz yola çıktığı anda her adım burada görünecek.

## Carrier statuses in the journey
tag-Pending = Kargoya verilmeyi bekliyor
tag-InfoReceived = Kargo etiketi oluşturuldu
tag-InTransit = Yolda
tag-OutForDelivery = Dağıtımda
tag-AttemptFail = Teslim edilemedi
tag-AvailableForPickup = Teslim alınabilir
tag-Exception = Sorun bildirildi
tag-Expired = Kargo firmasından bilgi yok
tag-Delivered = Teslim edildi
subtag-Delivered_002 = Teslim alındı
subtag-Exception_005 = Gecikmeli
subtag-Exception_008 = Süresinde teslim alınmadı; göndericiye iade ediliyor
subtag-Exception_010 = Göndericiye iade ediliyor
subtag-InTransit_002 = Kargoya verildi

## Locker and pickup
pickup-where = Teslim alma yeri
pickup-hours = Çalışma saatleri
pickup-code = Teslim alma kodu
pickup-copy = Kodu kopyala
pickup-copied = Kopyalandı
pickup-code-later = Teslim alma kodu, paket ulaştığında size iletilecek.
# $datetime
collect-by = Son teslim alma zamanı: { $datetime }
# $datetime
collect-expired = Teslim alma süresi doldu: { $datetime }. Paket göndericiye iade ediliyor; hâlâ istiyorsanız mağazayla iletişime geçin.

## Items
items = Siparişinizdeki ürünler
# $n: how many
quantity = × { $n }
# $count: how many items (singular noun after a number)
items-count = { $count } ürün

## Help
help = Yardıma mı ihtiyacınız var?
help-contact = Mağazayla iletişim
help-problem = Sorun bildir
help-return = Ürün iadesi
back = Siparişe geri dön
# $shop
contact-title = { $shop } ile iletişim
# $number: the order number
contact-intro = Size hızlıca yardımcı olabilmeleri için sipariş numaranızı ({ $number }) belirtin.
contact-email = E-posta
contact-phone = Telefon
contact-web = Web sitesi
contact-none = Mağaza henüz burada iletişim bilgisi paylaşmadı. Bu siparişle ilgili aldığınız herhangi bir e-postayı yanıtlayabilirsiniz.
problem-title = Sorun bildir
problem-intro = Siparişinizde bir sorun mu var: hasarlı, eksik ya da sipariş ettiğinizden farklı mı? Sipariş numaranızı belirterek mağazaya yazın; mümkünse bir fotoğraf da ekleyin.
problem-email-subject = { $number } numaralı siparişte sorun
return-title = Ürün iadesi
return-intro = Bir ürünü iade etmek için sipariş numaranızı ve geri göndermek istediğiniz ürünleri belirterek mağazaya yazın. Mağaza, ürünü nasıl göndereceğinizi size bildirecek.
return-email-subject = { $number } numaralı sipariş için iade
write-email = E-posta yaz

## Looking an order up
lookup-title = Siparişinizi takip edin
lookup-intro = Sipariş numaranızı ve sipariş verirken kullandığınız e-posta adresini ya da posta kodunu girin.
lookup-order = Sipariş numarası
lookup-contact = E-posta adresi veya posta kodu
lookup-submit = Siparişimi takip et
lookup-not-found = Bu bilgilerle bir sipariş bulamadık. Sipariş numarasını ve e-posta adresini ya da posta kodunu kontrol edip tekrar deneyin.
lookup-missing = Lütfen hem sipariş numarasını hem de e-posta adresini veya posta kodunu girin.
# $minutes: a whole number
lookup-rate-limited = { $minutes ->
    [one] Çok fazla deneme yapıldı. Lütfen bir dakika bekleyip tekrar deneyin.
   *[other] Çok fazla deneme yapıldı. Lütfen { $minutes } dakika bekleyip tekrar deneyin.
}
lookup-no-shop = Bir siparişi takip etmek için mağazanın e-postasındaki bağlantıyı açın veya mağazanın web sitesindeki “Sipariş takibi” sayfasını kullanın.

## Errors
not-found-title = Bu sayfayı bulamadık
not-found-body = Bu takip bağlantısı geçerli değil. E-postanızdaki bağlantıyı kontrol edin veya siparişinizi numarasıyla sorgulayın.
error-title = Bir şeyler ters gitti
error-body = Bizim tarafımızda bir sorun oluştu. Lütfen bir dakika sonra tekrar deneyin.
powered-by = Sipariş takibi: aftercare

## Unsubscribe page (a link in marketing emails). $shop: the shop's name; $address: the buyer's
## address, partly hidden
unsubscribe-title = Abonelikten çık
unsubscribe-question = { $shop } mağazasının { $address } adresine gönderdiği pazarlama e-postaları durdurulsun mu?
unsubscribe-note = Siparişlerinizle ilgili mesajları (örneğin kargo bilgilerini) almaya devam edeceksiniz.
unsubscribe-button = Abonelikten çık
unsubscribe-done-title = Abonelikten çıktınız
unsubscribe-done = { $shop } artık { $address } adresine pazarlama e-postası göndermeyecek.
unsubscribe-invalid = Bu abonelikten çıkma bağlantısı geçerli değil. İstemediğiniz e-postalar gelmeye devam ederse birini yanıtlayıp mağazadan göndermeyi durdurmasını isteyin.
