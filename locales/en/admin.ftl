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
admin-sign-in-needed = Sign in with an account of the shop to see its messages.
