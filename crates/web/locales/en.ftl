# Regain's self-service pages: English (the reference language; every other file has the
# same keys). Arguments in braces, such as { $min }, are filled in by the server.

## Shared

brand = Regain
app-name = Password help
skip-to-content = Skip to content
language-links = Language
start-over = Start again
back-to-start = Back to the start
continue = Continue
required-field = required

## The start page (/sso/passwordhelp)

start-title = Forgot your password?
start-intro = Enter your user name. You will answer your security questions, and then you can choose a new password or unlock your account.
start-username = User name
start-username-hint = The name you sign in to your computer with, for example jsmith.
start-submit = Continue
start-signin-link = Sign in to manage my sign-in methods and security questions
start-empty-name = Enter your user name.

## The challenge (/sso/sschallenge)

challenge-title = Answer your security questions
challenge-intro = Answer the questions you chose when you set up password help. Capital letters and extra spaces do not matter.
challenge-answer = Answer
challenge-submit = Check my answers
challenge-not-accepted = Your answers were not accepted. Check them and try again; after too many wrong tries, password help is locked for a while.

## The push step (/sso/ssacceptnumber, /sso/sscheckpush)

push-title = Approve the request on your phone
push-intro = We sent a request to your Regain app. Open it and enter this number:
push-number-label = Number to enter in the app
push-waiting = Waiting for your answer…
push-check-again = Check again
push-use-code = I cannot use the app: enter a code instead
push-denied = The request was denied or timed out. Start again if you still need help.
push-wrong-number = The number entered in the app was not the one shown here. Start again.

## The code fallback (/sso/ssenteriidtokeninit, /sso/ssenteriidtoken)

code-title = Enter a code
code-intro = Enter the offline code from your Regain app, or the current code from your authenticator app or token.
code-label = Code
code-submit = Verify
code-not-accepted = That code was not accepted. Enter the current code.

## Setting the new password (/sso/ssresetinit, /sso/ssreset)

reset-title = Choose a new password
reset-intro = Your identity is confirmed. Choose a new password for { $username }.
reset-locked-note = Your account is locked. Setting a new password unlocks it. If you remember your password, you can unlock the account without changing it.
reset-new = New password
reset-again = New password again
reset-rules = Use a long password: several unrelated words are easy to remember and hard to guess. It must not contain your name, and it must not be one you used recently.
reset-strength = Strength
reset-strength-0 = Very weak
reset-strength-1 = Weak
reset-strength-2 = Fair
reset-strength-3 = Good
reset-strength-4 = Strong
reset-submit = Set new password
unlock-title = Only unlock my account
unlock-submit = Unlock my account
reset-mismatch = The two passwords are not the same. Type the new password twice.

## Refusals of a new password (from Regain's rules or the directory)

pw-too-short = The password is too short: use at least { $min } characters.
pw-too-short-unknown = The password is too short for your organisation's rules. Use a longer one.
pw-too-long = The password is too long: use at most { $max } characters.
pw-not-complex = The password is not complex enough: mix at least { $required } of lower-case letters, capital letters, digits and symbols.
pw-in-history = You used this password recently: choose one that is not among your last { $history }.
pw-in-history-unknown = You used this password recently: choose one you have not used before.
pw-too-young = Your password was changed too recently to change it again. Try again later, or ask your helpdesk (the domain's minimum password age must be 0 for self-service resets).
pw-contains-name = The password must not contain your user name or your name.
pw-common = This password is one of the most common passwords and would be guessed first. Choose another, for example a few unrelated words.

## Outcomes

done-title = Your password was changed
done-signed-in = You are now signed in to your self-service pages.
done-sign-in-again = Sign in again with your new password.
done-sign-in-link = Sign in
done-go-to-me = Go to my sign-in methods
unlocked-title = Your account is unlocked
unlocked-text = You can sign in with your password again.
locked-title = Password help is locked for now
locked-text = There were too many wrong answers. Wait a while and try again, or call your helpdesk.
rate-title = Too many attempts
rate-text = There were too many attempts from here or for this name. Wait ten minutes and try again.
unavailable-title = Password help is not available
unavailable-text = Self-service password reset is turned off. Please contact your helpdesk.
helpdesk-title = Please contact your helpdesk
helpdesk-text = Your identity is confirmed, but your password cannot be reset here. Please contact your helpdesk.
helpdesk-disabled = Your account is disabled or has expired. Please contact your helpdesk.
helpdesk-no-push = This organisation also asks for an approval on your phone, and you have no Regain app set up. Please contact your helpdesk.
helpdesk-rights = Your password could not be changed because of a problem on our side. Nothing was changed. Please contact your helpdesk.
hours-title = You cannot sign in at this time
hours-text = Your account's sign-in hours do not allow signing in now, so the password cannot be reset now either. Try again during your sign-in hours, or call your helpdesk.
ended-title = This page has expired
ended-text = Password help ends after ten minutes without activity, and after each change. Start again.
expired-form = This form has expired or did not come from this site. Start again.
unavailable-error = Password help cannot complete this right now. Nothing was changed. Try again in a minute.

## Application passwords in password help (/sso/ssresetinit?view=apps)

apps-link = View my application passwords
apps-title = Your application passwords
apps-intro = Show a password only when you need it: it is hidden again after 60 seconds.
apps-show = Show the password
apps-shown = This password is hidden again in 60 seconds.
apps-back = Back to choosing a new password

## Enrolling security questions (/me/questions)

enroll-title = Security questions
enroll-intro = If you forget your password, you can reset it yourself by answering these questions. Choose { $count } questions and answer them. Capital letters and extra spaces do not matter.
enroll-mandatory = Always asked
enroll-question = Question { $n }
enroll-answer = Answer { $n }
enroll-choose = Choose a question
enroll-submit = Save my answers
enroll-later = Later
enroll-saved = Your security questions are saved.
enroll-state-enrolled = You set up your security questions on { $date }.
enroll-state-declined = You put this off on { $date }.
enroll-state-none = You have not set up security questions yet.
enroll-must = Your organisation asks you to set up your security questions before anything else.
enroll-change-reauth = To change your answers, sign in again (with a code from one of your methods, if you have one), then change them within 5 minutes.
enroll-not-offered = Your user policy does not offer a self-service password reset.
answers-wrong-count = Answer exactly { $expected } questions.
answers-unknown-question = Choose each question once, from the list.
answers-mandatory-missing = Answer the question "{ $question }": it is always asked.
answer-too-short = The answer to "{ $question }" is too short: use at least 3 characters.
answer-too-long = The answer to "{ $question }" is too long: use at most 200 characters.
answer-same-as-another = The answer to "{ $question }" is the same as another answer: give each question its own answer.
answer-is-user-name = The answer to "{ $question }" is your user name: choose an answer only you know.
answer-is-password = The answer to "{ $question }" is your password: never use your password as an answer.

## The self-service pages (/me): signing in

me-app-name = My sign-in methods
me-sign-out = Sign out
me-login-title = Sign in
me-login-intro = Sign in with your directory account to add an authenticator app, a phone or a push device.
me-login-username = User name
me-login-password = Password
me-login-submit = Sign in
me-login-code = Code
me-login-verify = Verify
me-forgot-password = Forgot password?
me-signed-out = You are signed out.
me-code-sent = Password accepted. Enter the code we sent to { $number }.
me-code-app = Password accepted. Enter the current code from your authenticator app, or the offline code of your push app.
me-code-wrong = That code is not right. Enter the current code.
me-refused = Sign-in failed: the user name or password is wrong, or the account is locked or disabled.
me-refused-restart = Sign-in failed: start again with your user name and password.
me-no-remote-enrollment = You have no sign-in method yet, and your user policy does not allow adding one remotely. Please see your helpdesk in person.
me-temporary-code-required = You have no sign-in method yet. To add one remotely, your policy asks for a temporary code from your helpdesk as well as your password: call them first.
me-login-expired = The sign-in form expired. Please try again.
me-expired-title = Expired form
me-expired-text = This form has expired or did not come from this site. Go back, reload the page and try again.
me-unavailable-title = Unavailable
me-unavailable-text = Regain cannot complete this right now. Nothing was changed. Try again in a minute.

## The self-service pages (/me): the methods

me-no-methods = You have no second factor yet.
me-col-method = Method
me-col-name = Name
me-col-state = State
me-col-added = Added
me-col-last-used = Last used
me-kind-otp = Authenticator app or OTP token
me-kind-push = Push authenticator
me-kind-phone = Phone number (SMS)
me-state-active = active
me-state-pending = waiting for confirmation
me-never = never
me-lost-device = Lost a device? Tell your helpdesk: they delete its enrollment so nobody else can use it.
me-questions-text = Answer a few questions so you can reset a forgotten password yourself, without calling your helpdesk.
me-questions-link = Set up or change my security questions
me-add-heading = Add a method
me-push-heading = Push authenticator
me-push-text = Approve sign-ins on your device by typing the number the sign-in page shows. Works offline with a code too.
me-push-add = Add a push device
me-otp-heading = Authenticator app
me-otp-text = Any app that shows 6-digit codes (TOTP), set up by scanning a QR code.
me-otp-name = Name (optional)
me-otp-name-example = Phone app
me-otp-add = Add an authenticator app
me-phone-heading = Phone number for SMS codes
me-phone-restricted = SMS is a restricted method: a text can be redirected by whoever controls the number. Prefer the push app or an authenticator app, and keep SMS as a fallback. A new number replaces the old one, which is told of the change.
me-phone-number = Mobile number in international form
me-phone-send = Send a code
me-no-enrollment = Your user policy does not let you add methods yourself. Your helpdesk can help.
me-done-otp = Your authenticator app is ready to use.
me-done-phone = Your phone can now receive sign-in codes.

## The self-service pages (/me): adding a method

me-otp-title = Add an authenticator app
me-otp-step-scan = In your authenticator app, add an account and scan this code.
me-otp-step-code = Enter the 6-digit code the app then shows.
me-otp-qr = QR code for your authenticator app
me-otp-manual = Cannot scan? Enter the key by hand
me-otp-key = Key
me-otp-key-kind = time-based, 6 digits, every 30 seconds
me-otp-key-gone = shown only on the first page; start again if you did not save it
me-otp-code = Code from the app
me-confirm = Confirm
me-phone-title = Confirm your phone
me-phone-sent = We sent a 6-digit code to { $number }. It is valid for 5 minutes.
me-phone-code = Code from the SMS
me-push-title = Add a push device
me-push-intro = Scan this code with the Regain authenticator on your device, or give it the link below. The link works once, until { $expires }.
me-push-qr = QR code with your enrollment link
me-push-cli = Command-line authenticator:
me-push-done = Done: back to my methods
me-error-denied = You may not do that here; ask your helpdesk.
me-error-reauth = Changing your phone number needs a fresh code: sign out, sign in again with a code from your app or your current phone, then change it within 5 minutes.
me-error-gone = That enrollment is no longer pending: start again.
me-error-number = Enter the mobile number in international form, starting with + and the country code, for example +41 79 123 45 67.
me-error-sms = The confirmation code could not be sent. Try again later.
me-error-code = That code is not right, or there were too many wrong codes. Check the code and try again; after too many, wait until the lockout ends.
me-error-invalid = That did not work. Start again from your methods page.

## The self-service pages (/me): application passwords

me-apps-title = Application passwords
me-apps-intro = Keep the sign-in details of your applications here. The passwords are stored encrypted; administrators cannot see them.
me-apps-home-text = Keep the user names and passwords of your applications, to look them up when you need them.
me-apps-none = You have no application passwords yet.
me-apps-col-name = Application
me-apps-col-address = Address
me-apps-col-login = User name
me-apps-col-updated = Changed
me-apps-edit = Edit
me-apps-delete = Delete
me-apps-add-heading = Add an application password
me-apps-edit-heading = Change { $name }
me-apps-name = Application name
me-apps-address = Address (optional)
me-apps-login = User name (optional)
me-apps-password = Password
me-apps-password-keep = New password (leave empty to keep the current one)
me-apps-save = Save
me-apps-cancel = Back to my application passwords
me-apps-saved = The application password is saved.
me-apps-deleted = The application password is deleted.
me-apps-reauth = Changing application passwords needs a fresh sign-in: sign out, sign in again (with a code from one of your methods, if you have one), then make the change within 5 minutes.
me-app-name-missing = Enter the application's name.
me-app-name-too-long = The name is too long: use at most 80 characters.
me-app-address-too-long = The address is too long: use at most 300 characters.
me-app-login-too-long = The user name is too long: use at most 200 characters.
me-app-password-missing = Enter the password.
me-app-password-too-long = The password is too long: use at most 500 characters.
me-app-too-many = You keep 100 application passwords already: delete one first.

## The default security questions (administrators' own questions are shown as written)

question-default-1 = What was the name of your first pet?
question-default-2 = In what city were you born?
question-default-3 = What was the name of your first school?
question-default-4 = What is the name of the street you grew up on?
question-default-5 = What was the make of your first car?
question-default-6 = What is your oldest cousin's first name?
question-default-7 = In what city did your parents meet?
question-default-8 = What was the first concert you attended?
question-default-9 = What was your childhood nickname?
question-default-10 = What is the middle name of your oldest sibling?

## Notices sent by email or webhook: never a code, password or answer

notice-footer = This message was sent by Regain, your organisation's sign-in service. Please do not reply to it.
notice-enrollment_declined-subject = Regain: { $user } put off enrolling security questions
notice-enrollment_declined-body = The user { $user } chose "Later" instead of enrolling their security questions, at { $at }. Until they enrol them, they cannot reset their password themselves.
notice-locked_out-subject = Regain: { $user } is locked out
notice-locked_out-body = Too many wrong attempts at a second factor locked { $user } out at { $at }. If it was not them, someone may be guessing; an administrator can unlock the account in the console.
notice-push_limit-subject = Regain: push limit reached for { $user }
notice-push_limit-body = At { $at } a push for { $user } was refused because the limit of push requests was reached (source: { $source }). Many pushes in a short time can be an attacker hoping the user approves one.
notice-audit_write_failed-subject = Regain: an audit record could not be written
notice-audit_write_failed-body = At { $at } Regain could not write an audit record (action { $action }, user { $user }), so the change was not made. Check the database's health and free space now.
notice-password_changed-subject = Your password was changed
notice-password_changed-body = Hello { $user }, the password of your account was changed or reset at { $at }. If this was not you, contact your helpdesk now.
notice-account_unlocked-subject = Your account was unlocked
notice-account_unlocked-body = Hello { $user }, your account was unlocked at { $at }. If you did not ask for this, contact your helpdesk now.
notice-temp_code_issued-subject = A temporary sign-in code was issued for you
notice-temp_code_issued-body = Hello { $user }, a temporary sign-in code for your account was issued at { $at }; it is valid until { $expires }. The code itself is never sent by email. If you did not ask your helpdesk for one, call them now.
notice-temp_code_used-subject = Your temporary sign-in code was used
notice-temp_code_used-body = Hello { $user }, your temporary sign-in code was used at { $at } (from { $source }). If this was not you, call your helpdesk now.
notice-temp_code_revoked-subject = Your temporary sign-in code was revoked
notice-temp_code_revoked-body = Hello { $user }, your temporary sign-in code was revoked at { $at }; it no longer works.
notice-method_enrolled-subject = A new sign-in method was added to your account
notice-method_enrolled-body = Hello { $user }, a new sign-in method was added to your account at { $at }: { $kind }. If this was not you, contact your helpdesk now.
notice-phone_changed-subject = Your phone number for sign-in codes was changed
notice-phone_changed-body = Hello { $user }, the phone number for your sign-in codes was changed to { $number } at { $at }. If this was not you, contact your helpdesk now.
notice-test-subject = Regain: test message
notice-test-body = This is a test message from Regain, sent at { $at }. If you can read it, notices reach this address.
