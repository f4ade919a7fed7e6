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
enroll-change-reauth = To change your answers, confirm a code from one of your methods first (sign in again).
enroll-not-offered = Your user policy does not offer a self-service password reset.
answers-wrong-count = Answer exactly { $expected } questions.
answers-unknown-question = Choose each question once, from the list.
answers-mandatory-missing = Answer the question "{ $question }": it is always asked.
answer-too-short = The answer to "{ $question }" is too short: use at least 3 characters.
answer-too-long = The answer to "{ $question }" is too long: use at most 200 characters.
answer-same-as-another = The answer to "{ $question }" is the same as another answer: give each question its own answer.
answer-is-user-name = The answer to "{ $question }" is your user name: choose an answer only you know.
answer-is-password = The answer to "{ $question }" is your password: never use your password as an answer.

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
