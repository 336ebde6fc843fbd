# What buyers read in the emails aftercare sends. Every message here must exist in every language
# (a test fails otherwise). Variables: $shop (the shop's name), $number (the order number),
# $carrier (the carrier's name), $place (the pickup point or locker), $code (the pickup code),
# $deadline (the collect-by date and time), $window (the expected delivery days), $name (the
# buyer's first name).

mail-greeting = Hi { $name },
mail-greeting-anon = Hello,
mail-button-track = Track your order
mail-items = In your order
# $window: one day or two days with a dash between
mail-eta = Expected delivery: { $window }
mail-footer = You are getting this email because you ordered from { $shop }. Questions? Just reply to it.

## Order confirmation
mail-subject-order_confirmation = Thank you for your order { $number }
mail-heading-order_confirmation = Thank you for your order!
mail-body-order_confirmation = We have received your order { $number } from { $shop }. We will let you know as soon as it is on its way.

## Being prepared
mail-subject-preparing = We are preparing your order { $number }
mail-heading-preparing = Your order is being prepared
mail-body-preparing = { $shop } is packing your order { $number }. You will hear from us when it ships.

## Shipped
mail-subject-shipped = Your order { $number } is on its way
mail-heading-shipped = Your order is on its way
mail-body-shipped = { $carrier } has your parcel and is bringing it to you.

## Out for delivery
mail-subject-out_for_delivery = Your parcel arrives today
mail-heading-out_for_delivery = Your parcel is out for delivery
mail-body-out_for_delivery = The { $carrier } courier is bringing your order { $number } today. Please make sure someone can receive it.

## Ready for pickup
mail-subject-ready_for_pickup = Your parcel is ready for pickup
mail-heading-ready_for_pickup = Your parcel is waiting for you
mail-body-ready_for_pickup = Your order { $number } is waiting at { $place }. Please collect it by { $deadline } with the code below.

## Delivered
mail-subject-delivered = Your order { $number } has been delivered
mail-heading-delivered = Your order has arrived
mail-body-delivered = { $carrier } has delivered your order { $number }. We hope you enjoy it! Something not right? Just reply to this email.

## Picked up
mail-subject-picked_up = You have picked up your order { $number }
mail-heading-picked_up = Enjoy your order!
mail-body-picked_up = You have collected your order { $number }. Something not right? Just reply to this email.

## Delivery attempt failed
mail-subject-attempt_fail = We could not deliver your parcel
mail-heading-attempt_fail = The courier could not deliver your parcel
mail-body-attempt_fail = { $carrier } tried to deliver your order { $number } but could not. They usually try again on the next working day; the tracking page shows what happens next.

## Delayed or a problem
mail-subject-exception = Your order { $number } is delayed
mail-heading-exception = We are sorry: your parcel is delayed
mail-body-exception = { $carrier } has reported a problem with your parcel. We are sorry for the wait. We are on it and will tell you as soon as it moves again.

## Going back to the sender
mail-subject-returning = Your parcel is going back to { $shop }
mail-heading-returning = Your parcel is on its way back
mail-body-returning = Your order { $number } is being returned to { $shop }. Reply to this email if you still want it: we can send it again or refund you.

## Cancelled
mail-subject-cancelled = Your order { $number } has been cancelled
mail-heading-cancelled = Your order has been cancelled
mail-body-cancelled = Your order { $number } at { $shop } has been cancelled. If you did not expect this, just reply to this email.

## A reminder before the collect-by deadline
mail-subject-collect_reminder = Reminder: your parcel is waiting for you
mail-heading-collect_reminder = Your parcel is still waiting for you
mail-body-collect_reminder = Your order { $number } is waiting at { $place }. Please collect it by { $deadline }; after that it goes back to the sender.

## SMS: short; the tracking link is added after the text
sms-out_for_delivery = { $shop }: your order { $number } arrives today.
sms-ready_for_pickup = { $shop }: your parcel is waiting at { $place }. Code: { $code }. Collect by { $deadline }.
sms-collect_reminder = { $shop }: reminder, your parcel is at { $place } until { $deadline }. Code: { $code }.
sms-attempt_fail = { $shop }: the courier could not deliver your order { $number }. What happens next:

## Marketing messages (sent only with the buyer's consent; they always carry an unsubscribe link)
mail-subject-review_request = How do you like your order from { $shop }?
mail-heading-review_request = How was your order?
mail-body-review_request = Your order { $number } arrived a few days ago. We would love to hear what you think: a short review helps other shoppers, and any reply to this email reaches a person at { $shop }.
mail-button-review_request = Write a review
mail-footer-marketing = You are getting this email because you agreed to hear from { $shop }.
mail-unsubscribe = Unsubscribe
