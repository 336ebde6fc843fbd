# What buyers read in the emails aftercare sends. Every message here must exist in every language
# (a test fails otherwise). Variables: $shop (the shop's name), $number (the order number),
# $carrier (the carrier's name), $place (the pickup point or locker), $code (the pickup code),
# $deadline (the collect-by date and time), $window (the expected delivery days), $name (the
# buyer's first name).
# Turkish: polite "siz" form, as in buyer.ftl. Never attach a suffix to a variable; put it before
# a separate word that takes the suffix ("{ $shop } mağazasından", "{ $carrier } kargo firması",
# "{ $number } numaralı") or after a colon.

mail-greeting = Merhaba { $name },
mail-greeting-anon = Merhaba,
mail-button-track = Siparişimi takip et
mail-items = Siparişinizdeki ürünler
# $window: one day or two days with a dash between
mail-eta = Tahmini teslimat: { $window }
mail-footer = Bu e-postayı { $shop } mağazasından sipariş verdiğiniz için alıyorsunuz. Sorunuz mu var? Bu e-postayı yanıtlamanız yeterli.

## Order confirmation
mail-subject-order_confirmation = { $number } numaralı siparişiniz için teşekkürler
mail-heading-order_confirmation = Siparişiniz için teşekkür ederiz!
mail-body-order_confirmation = { $shop } mağazasından verdiğiniz { $number } numaralı siparişinizi aldık. Siparişiniz yola çıkar çıkmaz size haber vereceğiz.

## Being prepared
mail-subject-preparing = { $number } numaralı siparişiniz hazırlanıyor
mail-heading-preparing = Siparişiniz hazırlanıyor
mail-body-preparing = { $shop } mağazası { $number } numaralı siparişinizi paketliyor. Kargoya verildiğinde size haber vereceğiz.

## Shipped
mail-subject-shipped = { $number } numaralı siparişiniz yolda
mail-heading-shipped = Siparişiniz yolda
mail-body-shipped = Paketiniz { $carrier } kargo firmasına teslim edildi ve size doğru yola çıktı.

## Out for delivery
mail-subject-out_for_delivery = Kargonuz bugün size ulaşacak
mail-heading-out_for_delivery = Kargonuz dağıtıma çıktı
mail-body-out_for_delivery = { $carrier } kuryesi { $number } numaralı siparişinizi bugün teslim edecek. Lütfen paketi teslim alabilecek birinin adreste olmasını sağlayın.

## Ready for pickup
mail-subject-ready_for_pickup = Kargonuz teslim alınmaya hazır
mail-heading-ready_for_pickup = Kargonuz sizi bekliyor
mail-body-ready_for_pickup = { $number } numaralı siparişiniz sizi bekliyor: { $place }. Lütfen aşağıdaki teslim alma koduyla paketinizi teslim alın. Son teslim alma zamanı: { $deadline }.

## Delivered
mail-subject-delivered = { $number } numaralı siparişiniz teslim edildi
mail-heading-delivered = Siparişiniz size ulaştı
mail-body-delivered = { $carrier } kargo firması { $number } numaralı siparişinizi teslim etti. Güle güle kullanın! Bir sorun mu var? Bu e-postayı yanıtlamanız yeterli.

## Picked up
mail-subject-picked_up = { $number } numaralı siparişinizi teslim aldınız
mail-heading-picked_up = Güle güle kullanın!
mail-body-picked_up = { $number } numaralı siparişinizi teslim aldınız. Bir sorun mu var? Bu e-postayı yanıtlamanız yeterli.

## Delivery attempt failed
mail-subject-attempt_fail = Kargonuz teslim edilemedi
mail-heading-attempt_fail = Kurye paketinizi teslim edemedi
mail-body-attempt_fail = { $carrier } kargo firması { $number } numaralı siparişinizi teslim etmeye çalıştı ancak teslim edemedi. Genellikle bir sonraki iş günü tekrar denenir; sonraki adımları takip sayfasında görebilirsiniz.

## Delayed or a problem
mail-subject-exception = Özür dileriz: { $number } numaralı siparişiniz gecikiyor
mail-heading-exception = Özür dileriz, kargonuz gecikiyor
mail-body-exception = { $carrier } kargo firması paketinizle ilgili bir sorun bildirdi. Sizi beklettiğimiz için içtenlikle özür dileriz. Konuyla ilgileniyoruz; paketiniz yeniden yola çıkar çıkmaz size haber vereceğiz.

## Going back to the sender
mail-subject-returning = Kargonuz { $shop } mağazasına geri dönüyor
mail-heading-returning = Kargonuz geri dönüyor
mail-body-returning = { $number } numaralı siparişiniz { $shop } mağazasına iade ediliyor. Ürünü hâlâ istiyorsanız bu e-postayı yanıtlayın: siparişinizi yeniden gönderebilir veya ücretini iade edebiliriz.

## Cancelled
mail-subject-cancelled = { $number } numaralı siparişiniz iptal edildi
mail-heading-cancelled = Siparişiniz iptal edildi
mail-body-cancelled = { $shop } mağazasındaki { $number } numaralı siparişiniz iptal edildi. Bunu beklemiyorsanız bu e-postayı yanıtlamanız yeterli.

## A reminder before the collect-by deadline
mail-subject-collect_reminder = Hatırlatma: kargonuz sizi bekliyor
mail-heading-collect_reminder = Kargonuz hâlâ sizi bekliyor
mail-body-collect_reminder = { $number } numaralı siparişiniz sizi bekliyor: { $place }. Lütfen en geç { $deadline } tarihine kadar teslim alın; sonrasında gönderene iade edilecek.

## SMS: short; the tracking link is added after the text
sms-out_for_delivery = { $shop }: { $number } numaralı siparişiniz bugün teslim edilecek.
sms-ready_for_pickup = { $shop }: kargonuz teslim alınmaya hazır: { $place }. Kod: { $code }. Son tarih: { $deadline }.
sms-collect_reminder = { $shop }: hatırlatma, kargonuz sizi bekliyor: { $place }. Son tarih: { $deadline }. Kod: { $code }.
sms-attempt_fail = { $shop }: kurye { $number } numaralı siparişinizi teslim edemedi. Sonraki adımlar:

## Marketing messages (sent only with the buyer's consent; they always carry an unsubscribe link)
mail-subject-review_request = { $shop } siparişinizi beğendiniz mi?
mail-heading-review_request = Siparişiniz nasıldı?
mail-body-review_request = { $number } numaralı siparişiniz birkaç gün önce teslim edildi. Düşüncelerinizi merak ediyoruz: kısa bir değerlendirme diğer alışverişçilere yardımcı olur ve bu e-postaya yazdığınız yanıtı { $shop } ekibinden biri okur.
mail-button-review_request = Değerlendirme yazın
mail-footer-marketing = Bu e-postayı { $shop } mağazasından haber almayı kabul ettiğiniz için alıyorsunuz.
mail-unsubscribe = Abonelikten çık
