# What merchants read in the admin pages. Every message here must exist in every language (a test
# fails otherwise).

admin-mailbox-title = Development mailbox
admin-mailbox-intro = No SMTP server is configured, so messages to buyers are kept here instead of being sent. Each one is shown as the buyer would get it.
admin-mailbox-empty = No messages yet.
admin-col-when = When
admin-col-shop = Shop
admin-col-to = To
admin-col-subject = Subject
admin-col-kind = Message
admin-col-channel = Channel
admin-col-state = State
admin-back = Back to the mailbox
admin-view-html = Open as the buyer sees it
admin-text-part = Plain text
admin-history = History
admin-sms = SMS
admin-email = Email

## Frame and navigation
admin-nav = Admin
admin-nav-home = Home
admin-nav-orders = Orders
admin-nav-mailbox = Messages
admin-nav-queue = Queue
admin-nav-templates = Templates
admin-nav-settings = Settings
admin-nav-users = People
admin-nav-audit = Audit log
admin-shop = Shop
admin-switch = Switch
admin-sign-out = Sign out
admin-account = Your account
admin-save = Save
admin-saved = Saved.
admin-copy = Copy
admin-any = Any
admin-next-page = Next page
admin-fix-errors = Please fix the following:
admin-continue = Continue
admin-line = line

## Refusals
admin-denied-title = Not allowed
admin-denied = Your role in this shop does not allow this page or action. Ask an owner of the shop if you need it.
admin-cross-site = This request came from another website, so it was refused. Open the admin directly and try again.
admin-csrf = This form has expired or did not come from this admin. Reload the page and try again.
admin-session-ended-title = Signed out
admin-session-ended = Your session has ended. Sign in again to continue.
admin-too-large-title = Too large
admin-too-large = What you sent is too large.
admin-not-found-title = Not found
admin-not-found = This page does not exist, or it belongs to another shop.

## Sign-in, reset, invitations
admin-sign-in-title = Sign in
admin-sign-in = Sign in
admin-password = Password
admin-forgot = Forgot your password?
admin-sign-in-wrong = The email or the password is wrong.
admin-sign-in-limited = Too many attempts. Please wait a few minutes and try again.
admin-form-expired = The form expired. Please try again.
admin-signed-out = You are signed out.
admin-reset-title = Reset your password
admin-reset-intro = Enter the email of your account. We will send you a link to choose a new password.
admin-reset-send = Send the link
admin-reset-sent = If an account uses this address, a link is on its way. It works once, for 30 minutes.
admin-reset-choose = Choose a new password of at least 12 characters. You will be signed out everywhere.
admin-reset-done = Your password is changed. Sign in with the new one.
admin-back-to-sign-in = Back to sign-in
admin-new-password = New password
admin-link-gone-title = This link does not work
admin-link-gone = The link has expired or has been used already. Ask for a new one.
admin-reset-mail-subject = Reset your aftercare password
# $link: the reset page
admin-reset-mail-body = Someone (hopefully you) asked to reset the password of your aftercare account. Choose a new password here within 30 minutes: { $link }
    
    If it was not you, ignore this email: your password stays as it is.
admin-invite-title = Join the shop
# $email: the invited address
admin-invite-new = Choose a password (at least 12 characters) for your new account { $email }.
admin-invite-existing = Enter the password of your account { $email } to join this shop.
admin-invite-retry = Please try again.
admin-invite-joined = You have joined the shop. Sign in to continue.
# $shop: the shop's name
admin-invite-mail-subject = You are invited to { $shop } on aftercare
# $inviter: who invited; $link: the page to accept
admin-invite-mail-body = { $inviter } invited you to help run { $shop } in aftercare. Accept within 7 days: { $link }

## Account
admin-language = Language
admin-change-password = Change password
admin-current-password = Current password
admin-change-password-note = Changing your password signs you out on every other device.
admin-password-changed = Your password is changed. Your other sessions have ended.
admin-sessions = Where you are signed in
admin-col-signed-in = Signed in
admin-col-last-seen = Last active
admin-col-browser = Browser
admin-sign-out-everywhere = Sign out everywhere

## Home
admin-home-late = Trending late
admin-home-problems = Parcels with a problem
admin-home-failed-today = Messages not delivered today
admin-home-stages = Orders of the last 30 days by stage
admin-home-per-day = Orders per day
admin-home-none = Nothing here. Good.

## Orders
admin-search = Search
admin-search-hint = Order number, email, name or tracking number
admin-search-button = Search
admin-from = From
admin-to = To
admin-trending-late = Trending late
admin-orders-none = No orders match.
admin-col-order = Order
admin-col-placed = Placed
admin-col-buyer = Buyer
admin-col-stage = Stage
admin-col-method = Delivery
admin-col-total = Total
admin-col-carrier = Carrier
admin-col-status = Status
admin-col-updated = Updated
admin-open-tracking = Open the buyer's tracking page
admin-buyer = Buyer
admin-phone = Phone
admin-source = Source
admin-external-id = Id in the shop
admin-address-shipping = Shipping address
admin-address-billing = Billing address
admin-items = Items
admin-parcels = Parcels
admin-no-parcels = No parcel yet.
admin-estimate = Expected
admin-place = Pickup place
admin-collect-by = Collect by
admin-messages = What the buyer was told
admin-no-messages = No messages yet.
admin-raw-events = Raw deliveries from the shop platform and carriers
admin-no-raw-events = No webhook deliveries are linked to this order.

## Queue
admin-col-job = Job
admin-col-attempts = Attempts
admin-col-error = Last error
admin-queue-empty = No jobs in this state.
admin-retry = Retry
admin-job-queued = Waiting
admin-job-running = Running
admin-job-dead = Failed for good
admin-job-done = Done

## Templates
admin-templates-intro = Every message in every language. Write your own version of any of them; the others keep aftercare's wording.
admin-template-own = Your own
admin-template-default = Default
admin-back-templates = All templates
admin-html-part = HTML
admin-template-variables = You can use:
admin-preview = Preview
admin-preview-order = Preview with an order (number or id; empty: sample data)
admin-preview-no-order = No order with this number.
admin-template-reset = Back to the default
admin-kind-order_confirmation = Order confirmation
admin-kind-preparing = Being prepared
admin-kind-shipped = Shipped
admin-kind-out_for_delivery = Out for delivery
admin-kind-ready_for_pickup = Ready for pickup
admin-kind-delivered = Delivered
admin-kind-picked_up = Picked up
admin-kind-attempt_fail = Delivery attempt failed
admin-kind-exception = Delay or problem
admin-kind-returning = Going back to the shop
admin-kind-cancelled = Cancelled
admin-kind-collect_reminder = Collect-by reminder
admin-kind-review_request = Review request

## Settings
admin-settings-shop = The shop
admin-shop-name = Shop name
admin-default-locale = Default language
admin-enabled-locales = Languages buyers can choose
admin-time-zone = Time zone
admin-business-hours = Business hours (leave a day empty when closed)
admin-opens = opens
admin-closes = closes
admin-day-mon = Monday
admin-day-tue = Tuesday
admin-day-wed = Wednesday
admin-day-thu = Thursday
admin-day-fri = Friday
admin-day-sat = Saturday
admin-day-sun = Sunday
admin-holidays = Holidays (one date per line, YYYY-MM-DD)
admin-branding = Branding
admin-brand-color = Brand colour
admin-support-email = Support email
admin-support-phone = Support phone
admin-website = Website
admin-logo = Logo (PNG, JPEG, WebP or SVG, at most 256 KiB)
admin-upload = Upload
admin-connect = Connect your shop platform
admin-connect-intro = Paste the webhook URL into the platform, then add the secret the platform shows here. Native events are signed with a secret of ours.
admin-webhook-url = Webhook URL
admin-secrets = Secrets
admin-secret-paste = The secret the platform shows
admin-secret-add = Add secret
admin-secret-new = New secret
admin-revoke = Revoke
admin-rotate-note = To rotate a secret or a key without a gap: add the new one, switch the platform over, then revoke the old one.
admin-source-native = Native (your own systems)
admin-source-shopify = Shopify
admin-source-woocommerce = WooCommerce
admin-source-aftership = AfterShip
admin-api-keys = API keys
admin-api-key = API key
admin-webhook-secret = webhook secret
admin-key-name = Name
admin-key-new = New key
admin-col-created = Created
admin-col-last-used = Last used
# $what: "API key" or "webhook secret"
admin-shown-once = Your new { $what } is below. It is shown only now: copy it somewhere safe.
admin-collect-by-defaults = Collect-by defaults per carrier
admin-collect-by-intro = How many hours a locker or pickup parcel waits before it goes back, when the carrier does not say.
admin-hours = Hours

## People
admin-role = Role
admin-role-owner = Owner
admin-role-agent = Agent
admin-role-analyst = Analyst
admin-remove = Remove
admin-invite = Invite someone
admin-invite-send = Send invitation
admin-invited = Invitation sent.
admin-open-invites = Open invitations
admin-roles-explained = Owners can do everything. Agents see orders, messages and the queue. Analysts see the home page's numbers.

## Audit log
admin-audit-intro = Every change to settings, people, keys, templates and jobs, newest first. Entries cannot be changed or deleted.
admin-col-who = Who
admin-col-action = Action
admin-col-target = What
admin-col-detail = Details
