# Everything a buyer reads on the tracking page, its lookup form and the pages linked from it.
# Every message here must exist in every language (a test fails otherwise). Variables are given in
# comments; keep them, translate the words around them. Numbers select plural forms as usual.

## Dates and times. The page builds dates from these pieces, so each language writes them its own way.

# $n: 1 = Monday … 7 = Sunday
weekday = { $n ->
    [1] Mon
    [2] Tue
    [3] Wed
    [4] Thu
    [5] Fri
    [6] Sat
   *[7] Sun
}
# $n: 1 = January … 12 = December; the form used inside a date ("25 November")
month = { $n ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
}
# A day without the year. $weekday, $day (25), $month (from `month`), $monthnum (11), $year (2026)
date-short = { $weekday } { $day } { $month }
# A day with the year
date-long = { $day } { $month } { $year }
# $hour (two digits, 0–23), $minute (two digits)
time = { $hour }:{ $minute }
# $date (from date-short), $time (from time)
date-time = { $date }, { $time }
today = today
tomorrow = tomorrow
yesterday = yesterday
# $from, $to: two dates or two times
range = { $from } – { $to }

## Durations and the countdown. $n is a whole number.
unit-day = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
unit-hour = { $n } h
unit-minute = { $n } min
# $duration: e.g. "1 day 4 h"
countdown-arrive = Arrives in { $duration }
countdown-collect = { $duration } left to collect it
countdown-soon = Arriving any moment now

## The page

# $number: the order number, $shop: the shop's name
page-title = Order { $number } · { $shop }
skip-link = Skip to your order
order-heading = Order { $number }
# $date: a long date
placed-on = Placed on { $date }
language = Language
progress-label = Order progress
# $step: the step's name, $n and $count: its position
progress-current = Current step: { $step } (step { $n } of { $count })
step-done = done
step-current = current step
step-todo = not yet
live-note = This page updates by itself.
# $time
updated-at = Last checked { $time }

## The stages of an order (the progress bar)
stage-ordered = Ordered
stage-preparing = Preparing
stage-shipped = Shipped
stage-out_for_delivery = Out for delivery
stage-delivered = Delivered
stage-ready_for_pickup = Ready for pickup
stage-picked_up = Picked up
stage-cancelled = Cancelled
stage-problem = Needs attention

## The headline at the top, by stage
headline-ordered = We have received your order
headline-preparing = The shop is preparing your order
headline-shipped = Your order is on its way
headline-out_for_delivery = Your parcel is out for delivery
headline-delivered = Your order has been delivered
headline-ready_for_pickup = Your parcel is waiting for you
headline-picked_up = You have picked up your order
headline-cancelled = This order has been cancelled
headline-problem = There is a problem with your delivery

## What happens next, by stage
next-ordered = The shop will start preparing it soon. We will show every step here.
next-preparing = As soon as it is handed to the carrier, you will see the parcel and its journey here.
next-shipped = The carrier has it. We will tell you when it is out for delivery.
next-out_for_delivery = Please make sure someone can receive it.
next-delivered = Thank you for shopping with us. Something not right? Tell the shop below.
next-ready_for_pickup = Bring the pickup code below.
next-picked_up = Enjoy your order! Something not right? Tell the shop below.
next-cancelled = If you did not expect this, please contact the shop.

## The delivery estimate
# $date: a day, $from / $to: days or times
eta-day = Expected { $date }
eta-window = Expected { $from } – { $to }
eta-today = Expected today
eta-today-between = Expected today between { $from } and { $to }
eta-tomorrow = Expected tomorrow
# $percent: a whole number
eta-confidence = { $percent }% of similar parcels arrived within this window.
eta-none = We will show an expected delivery day as soon as the carrier has the parcel.
late-title = Running late
# $date: the last day of the expected window
late-body = It was expected by { $date }. The carrier has not delivered it yet; we are watching it and will tell you as soon as it moves.

## Problems: what happened and what happens next, by carrier status
problem-AttemptFail = The courier could not deliver the parcel.
problem-AttemptFail-next = They usually try again on the next working day. If it cannot be delivered, it goes to a nearby pickup point and you will be told where.
problem-Exception = The carrier reported a problem with this parcel.
problem-Exception-next = The shop has been notified and will sort it out; you do not need to do anything now. Questions? Contact the shop below.
problem-Expired = The carrier has not reported anything for a long time.
problem-Expired-next = The shop has been notified and is checking with the carrier.
problem-returning = The parcel is going back to the shop.
problem-returning-next = Contact the shop if you still want it: they can send it again or refund you.

## Parcels
# $n, $count
parcel-n = Parcel { $n } of { $count }
parcel = Parcel
# $carrier: the carrier's name
carrier = Carrier: { $carrier }
tracking-number = Tracking number
carrier-link = Follow it on the carrier's site
method-courier = Home delivery
method-locker = Parcel locker
method-pickup = Pickup point
in-parcel = In this parcel
timeline = Journey
timeline-empty = No updates from the carrier yet.
# $zone: a time zone name, e.g. Europe/Budapest
times-in = Times are shown in { $zone } time.
not-shipped = Nothing has left the shop yet. Every step will show here as soon as it ships.

## Carrier statuses in the journey
tag-Pending = Waiting for the carrier
tag-InfoReceived = Label created
tag-InTransit = In transit
tag-OutForDelivery = Out for delivery
tag-AttemptFail = Delivery attempt failed
tag-AvailableForPickup = Ready for pickup
tag-Exception = Problem reported
tag-Expired = No news from the carrier
tag-Delivered = Delivered
subtag-Delivered_002 = Picked up
subtag-Exception_005 = Delayed
subtag-Exception_008 = Not collected in time; going back to the sender
subtag-Exception_010 = Going back to the sender
subtag-InTransit_002 = Picked up by the carrier

## Locker and pickup
pickup-where = Where to pick it up
pickup-hours = Opening hours
pickup-code = Pickup code
pickup-copy = Copy code
pickup-copied = Copied
pickup-code-later = You will get the pickup code as soon as the parcel arrives.
# $datetime
collect-by = Collect it by { $datetime }
# $datetime
collect-expired = The collection period ended { $datetime }. The parcel goes back to the sender; contact the shop if you still want it.

## Items
items = What you ordered
# $n: how many
quantity = × { $n }
# $count: how many items
items-count = { $count ->
    [one] { $count } item
   *[other] { $count } items
}

## Help
help = Need help?
help-contact = Contact the shop
help-problem = Report a problem
help-return = Return an item
back = Back to your order
# $shop
contact-title = Contact { $shop }
# $number: the order number
contact-intro = Mention your order number { $number } so they can help you quickly.
contact-email = Email
contact-phone = Phone
contact-web = Website
contact-none = The shop has not published contact details here yet. Reply to any email you received about this order.
problem-title = Report a problem
problem-intro = Something wrong with your order: damaged, missing or not what you ordered? Write to the shop with your order number and, if you can, a photo.
problem-email-subject = Problem with order { $number }
return-title = Return an item
return-intro = To return something, write to the shop with your order number and the items you want to send back. They will tell you how to send it.
return-email-subject = Return for order { $number }
write-email = Write an email

## Looking an order up
lookup-title = Track your order
lookup-intro = Enter your order number and the email address or postcode you ordered with.
lookup-order = Order number
lookup-contact = Email address or postcode
lookup-submit = Track my order
lookup-not-found = We could not find an order with these details. Check the order number and the email address or postcode, then try again.
lookup-missing = Enter both the order number and the email address or postcode.
# $minutes: a whole number
lookup-rate-limited = { $minutes ->
    [one] Too many attempts. Please wait a minute and try again.
   *[other] Too many attempts. Please wait { $minutes } minutes and try again.
}
lookup-no-shop = To track an order, open the link in your shop's email, or use the "track your order" page on the shop's website.

## Errors
not-found-title = We could not find this page
not-found-body = This tracking link is not valid. Check the link in your email, or look your order up by its number.
error-title = Something went wrong
error-body = Something went wrong on our side. Please try again in a minute.
powered-by = Order tracking by aftercare

## Unsubscribe page (a link in marketing emails). $shop: the shop's name; $address: the buyer's
## address, partly hidden
unsubscribe-title = Unsubscribe
unsubscribe-question = Stop marketing emails from { $shop } to { $address }?
unsubscribe-note = You will still get messages about your orders, such as shipping updates.
unsubscribe-button = Unsubscribe
unsubscribe-done-title = You are unsubscribed
unsubscribe-done = { $shop } will not send marketing emails to { $address } any more.
unsubscribe-invalid = This unsubscribe link is not valid. If you keep getting emails you do not want, reply to one of them and ask the shop to stop.
