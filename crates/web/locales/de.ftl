# Regain's self-service pages: German (Deutsch). Same keys as en.ftl. Arguments in braces,
# such as { $min }, are filled in by the server.

## Shared

brand = Regain
app-name = Passworthilfe
skip-to-content = Zum Inhalt springen
language-links = Sprache
start-over = Neu beginnen
back-to-start = Zurück zum Anfang
continue = Weiter
required-field = erforderlich

## The start page (/sso/passwordhelp)

start-title = Passwort vergessen?
start-intro = Geben Sie Ihren Benutzernamen ein. Sie beantworten dann Ihre Sicherheitsfragen und können anschließend ein neues Passwort festlegen oder Ihr Konto entsperren.
start-username = Benutzername
start-username-hint = Der Name, mit dem Sie sich an Ihrem Computer anmelden, zum Beispiel jsmith.
start-submit = Weiter
start-signin-link = Anmelden, um meine Anmeldemethoden und Sicherheitsfragen zu verwalten
start-empty-name = Geben Sie Ihren Benutzernamen ein.

## The challenge (/sso/sschallenge)

challenge-title = Beantworten Sie Ihre Sicherheitsfragen
challenge-intro = Beantworten Sie die Fragen, die Sie beim Einrichten der Passworthilfe ausgewählt haben. Groß- und Kleinschreibung sowie zusätzliche Leerzeichen spielen keine Rolle.
challenge-answer = Antwort
challenge-submit = Antworten prüfen
challenge-not-accepted = Ihre Antworten wurden nicht akzeptiert. Überprüfen Sie sie und versuchen Sie es erneut. Nach zu vielen Fehlversuchen wird die Passworthilfe vorübergehend gesperrt.

## The push step (/sso/ssacceptnumber, /sso/sscheckpush)

push-title = Bestätigen Sie die Anfrage auf Ihrem Smartphone
push-intro = Wir haben eine Anfrage an Ihre Regain-App gesendet. Öffnen Sie die App und geben Sie diese Zahl ein:
push-number-label = In der App einzugebende Zahl
push-waiting = Warten auf Ihre Antwort…
push-check-again = Erneut prüfen
push-use-code = Ich kann die App nicht verwenden: stattdessen einen Code eingeben
push-denied = Die Anfrage wurde abgelehnt oder ist abgelaufen. Beginnen Sie neu, wenn Sie weiterhin Hilfe benötigen.
push-wrong-number = Die in der App eingegebene Zahl stimmt nicht mit der hier angezeigten überein. Beginnen Sie neu.

## The code fallback (/sso/ssenteriidtokeninit, /sso/ssenteriidtoken)

code-title = Code eingeben
code-intro = Geben Sie den Offlinecode aus Ihrer Regain-App oder den aktuellen Code aus Ihrer Authentifizierungs-App bzw. von Ihrem Token ein.
code-label = Bestätigungscode
code-submit = Überprüfen
code-not-accepted = Dieser Code wurde nicht akzeptiert. Geben Sie den aktuellen Code ein.

## Setting the new password (/sso/ssresetinit, /sso/ssreset)

reset-title = Neues Passwort wählen
reset-intro = Ihre Identität wurde bestätigt. Wählen Sie ein neues Passwort für { $username }.
reset-locked-note = Ihr Konto ist gesperrt. Durch das Festlegen eines neuen Passworts wird es entsperrt. Wenn Sie sich an Ihr Passwort erinnern, können Sie das Konto auch entsperren, ohne das Passwort zu ändern.
reset-new = Neues Passwort
reset-again = Neues Passwort wiederholen
reset-rules = Verwenden Sie ein langes Passwort: Mehrere Wörter ohne Zusammenhang sind leicht zu merken und schwer zu erraten. Es darf weder Ihren Namen enthalten noch eines sein, das Sie kürzlich verwendet haben.
reset-strength = Stärke
reset-strength-0 = Sehr schwach
reset-strength-1 = Schwach
reset-strength-2 = Mittel
reset-strength-3 = Gut
reset-strength-4 = Stark
reset-submit = Neues Passwort festlegen
unlock-title = Nur mein Konto entsperren
unlock-submit = Mein Konto entsperren
reset-mismatch = Die beiden Passwörter stimmen nicht überein. Geben Sie das neue Passwort zweimal ein.

## Refusals of a new password (from Regain's rules or the directory)

pw-too-short = Das Passwort ist zu kurz: Verwenden Sie mindestens { $min } Zeichen.
pw-too-short-unknown = Das Passwort ist für die Richtlinien Ihrer Organisation zu kurz. Verwenden Sie ein längeres.
pw-too-long = Das Passwort ist zu lang: Verwenden Sie höchstens { $max } Zeichen.
pw-not-complex = Das Passwort ist nicht komplex genug: Kombinieren Sie mindestens { $required } der folgenden Zeichenarten: Kleinbuchstaben, Großbuchstaben, Ziffern und Sonderzeichen.
pw-in-history = Sie haben dieses Passwort kürzlich verwendet: Wählen Sie eines, das nicht unter Ihren letzten { $history } Passwörtern ist.
pw-in-history-unknown = Sie haben dieses Passwort kürzlich verwendet: Wählen Sie eines, das Sie noch nie verwendet haben.
pw-too-young = Ihr Passwort wurde erst vor Kurzem geändert und kann noch nicht erneut geändert werden. Versuchen Sie es später noch einmal, oder wenden Sie sich an Ihren IT-Support (für das Zurücksetzen per Self-Service muss das minimale Kennwortalter der Domäne 0 sein).
pw-contains-name = Das Passwort darf weder Ihren Benutzernamen noch Ihren Namen enthalten.
pw-common = Dieses Passwort gehört zu den häufigsten Passwörtern und würde als Erstes erraten. Wählen Sie ein anderes, zum Beispiel einige Wörter ohne Zusammenhang.

## Outcomes

done-title = Ihr Passwort wurde geändert
done-signed-in = Sie sind jetzt bei Ihren Self-Service-Seiten angemeldet.
done-sign-in-again = Melden Sie sich mit Ihrem neuen Passwort erneut an.
done-sign-in-link = Anmelden
done-go-to-me = Zu meinen Anmeldemethoden
unlocked-title = Ihr Konto ist entsperrt
unlocked-text = Sie können sich wieder mit Ihrem Passwort anmelden.
locked-title = Die Passworthilfe ist vorübergehend gesperrt
locked-text = Es gab zu viele falsche Antworten. Warten Sie eine Weile und versuchen Sie es erneut, oder rufen Sie Ihren IT-Support an.
rate-title = Zu viele Versuche
rate-text = Von hier aus oder für diesen Namen gab es zu viele Versuche. Warten Sie zehn Minuten und versuchen Sie es erneut.
unavailable-title = Die Passworthilfe ist nicht verfügbar
unavailable-text = Das Zurücksetzen von Passwörtern per Self-Service ist deaktiviert. Bitte wenden Sie sich an Ihren IT-Support.
helpdesk-title = Bitte wenden Sie sich an Ihren IT-Support
helpdesk-text = Ihre Identität wurde bestätigt, aber Ihr Passwort kann hier nicht zurückgesetzt werden. Bitte wenden Sie sich an Ihren IT-Support.
helpdesk-disabled = Ihr Konto ist deaktiviert oder abgelaufen. Bitte wenden Sie sich an Ihren IT-Support.
helpdesk-no-push = Diese Organisation verlangt zusätzlich eine Bestätigung auf Ihrem Smartphone, und Sie haben keine Regain-App eingerichtet. Bitte wenden Sie sich an Ihren IT-Support.
helpdesk-rights = Ihr Passwort konnte aufgrund eines Problems auf unserer Seite nicht geändert werden. Es wurde nichts geändert. Bitte wenden Sie sich an Ihren IT-Support.
hours-title = Sie können sich zurzeit nicht anmelden
hours-text = Die Anmeldezeiten Ihres Kontos erlauben derzeit keine Anmeldung, daher kann das Passwort jetzt auch nicht zurückgesetzt werden. Versuchen Sie es während Ihrer Anmeldezeiten erneut, oder rufen Sie Ihren IT-Support an.
ended-title = Diese Seite ist abgelaufen
ended-text = Die Passworthilfe endet nach zehn Minuten ohne Aktivität sowie nach jeder Änderung. Beginnen Sie neu.
expired-form = Dieses Formular ist abgelaufen oder stammt nicht von dieser Website. Beginnen Sie neu.
unavailable-error = Die Passworthilfe kann diesen Vorgang gerade nicht abschließen. Es wurde nichts geändert. Versuchen Sie es in einer Minute erneut.

## Application passwords in password help (/sso/ssresetinit?view=apps)

apps-link = Meine Anwendungspasswörter ansehen
apps-title = Ihre Anwendungspasswörter
apps-intro = Zeigen Sie ein Passwort nur an, wenn Sie es brauchen: Nach 60 Sekunden wird es wieder verborgen.
apps-show = Passwort anzeigen
apps-shown = Dieses Passwort wird in 60 Sekunden wieder verborgen.
apps-back = Zurück zur Wahl eines neuen Passworts

## Enrolling security questions (/me/questions)

enroll-title = Sicherheitsfragen
enroll-intro = Wenn Sie Ihr Passwort vergessen, können Sie es selbst zurücksetzen, indem Sie diese Fragen beantworten. Wählen Sie { $count } Fragen aus und beantworten Sie sie. Groß- und Kleinschreibung sowie zusätzliche Leerzeichen spielen keine Rolle.
enroll-mandatory = Wird immer gefragt
enroll-question = Frage { $n }
enroll-answer = Antwort { $n }
enroll-choose = Frage auswählen
enroll-submit = Antworten speichern
enroll-later = Später
enroll-saved = Ihre Sicherheitsfragen wurden gespeichert.
enroll-state-enrolled = Sie haben Ihre Sicherheitsfragen am { $date } eingerichtet.
enroll-state-declined = Sie haben dies am { $date } aufgeschoben.
enroll-state-none = Sie haben noch keine Sicherheitsfragen eingerichtet.
enroll-must = Ihre Organisation bittet Sie, vor allem anderen Ihre Sicherheitsfragen einzurichten.
enroll-change-reauth = Um Ihre Antworten zu ändern, melden Sie sich erneut an (mit einem Code aus einer Ihrer Methoden, falls Sie eine haben) und ändern Sie sie innerhalb von 5 Minuten.
enroll-not-offered = Ihre Benutzerrichtlinie sieht kein Zurücksetzen des Passworts per Self-Service vor.
answers-wrong-count = Beantworten Sie genau { $expected } Fragen.
answers-unknown-question = Wählen Sie jede Frage nur einmal aus der Liste aus.
answers-mandatory-missing = Beantworten Sie die Frage „{ $question }“: Sie wird immer gestellt.
answer-too-short = Die Antwort auf „{ $question }“ ist zu kurz: Verwenden Sie mindestens 3 Zeichen.
answer-too-long = Die Antwort auf „{ $question }“ ist zu lang: Verwenden Sie höchstens 200 Zeichen.
answer-same-as-another = Die Antwort auf „{ $question }“ ist identisch mit einer anderen Antwort: Geben Sie für jede Frage eine eigene Antwort an.
answer-is-user-name = Die Antwort auf „{ $question }“ ist Ihr Benutzername: Wählen Sie eine Antwort, die nur Sie kennen.
answer-is-password = Die Antwort auf „{ $question }“ ist Ihr Passwort: Verwenden Sie Ihr Passwort niemals als Antwort.

## The self-service pages (/me): signing in

me-app-name = Meine Anmeldemethoden
me-sign-out = Abmelden
me-login-title = Anmelden
me-login-intro = Melden Sie sich mit Ihrem Verzeichniskonto an, um eine Authenticator-App, ein Telefon oder ein Push-Gerät hinzuzufügen.
me-login-username = Benutzername
me-login-password = Passwort
me-login-submit = Anmelden
me-login-code = Bestätigungscode
me-login-verify = Prüfen
me-forgot-password = Passwort vergessen?
me-signed-out = Sie sind abgemeldet.
me-code-sent = Passwort akzeptiert. Geben Sie den Code ein, den wir an { $number } gesendet haben.
me-code-app = Passwort akzeptiert. Geben Sie den aktuellen Code aus Ihrer Authenticator-App oder den Offline-Code Ihrer Push-App ein.
me-code-wrong = Dieser Code ist nicht richtig. Geben Sie den aktuellen Code ein.
me-refused = Anmeldung fehlgeschlagen: Benutzername oder Passwort ist falsch, oder das Konto ist gesperrt oder deaktiviert.
me-refused-restart = Anmeldung fehlgeschlagen: Beginnen Sie erneut mit Benutzername und Passwort.
me-no-remote-enrollment = Sie haben noch keine Anmeldemethode, und Ihre Benutzerrichtlinie erlaubt nicht, aus der Ferne eine hinzuzufügen. Bitte wenden Sie sich persönlich an Ihren IT-Support.
me-temporary-code-required = Sie haben noch keine Anmeldemethode. Um aus der Ferne eine hinzuzufügen, verlangt Ihre Richtlinie neben Ihrem Passwort einen temporären Code Ihres IT-Supports: Rufen Sie ihn zuerst an.
me-login-expired = Das Anmeldeformular ist abgelaufen. Bitte versuchen Sie es erneut.
me-expired-title = Formular abgelaufen
me-expired-text = Dieses Formular ist abgelaufen oder stammt nicht von dieser Website. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es noch einmal.
me-unavailable-title = Nicht verfügbar
me-unavailable-text = Regain kann dies gerade nicht erledigen. Es wurde nichts geändert. Versuchen Sie es in einer Minute erneut.

## The self-service pages (/me): the methods

me-no-methods = Sie haben noch keinen zweiten Faktor.
me-col-method = Methode
me-col-name = Bezeichnung
me-col-state = Status
me-col-added = Hinzugefügt
me-col-last-used = Zuletzt verwendet
me-kind-otp = Authenticator-App oder OTP-Token
me-kind-push = Push-Authenticator
me-kind-phone = Telefonnummer (SMS)
me-state-active = aktiv
me-state-pending = wartet auf Bestätigung
me-never = nie
me-lost-device = Gerät verloren? Sagen Sie es Ihrem IT-Support: Er löscht die Registrierung, damit niemand sonst das Gerät verwenden kann.
me-questions-text = Beantworten Sie einige Fragen, damit Sie ein vergessenes Passwort selbst zurücksetzen können, ohne den IT-Support anzurufen.
me-questions-link = Meine Sicherheitsfragen einrichten oder ändern
me-add-heading = Methode hinzufügen
me-push-heading = Push-Authenticator
me-push-text = Bestätigen Sie Anmeldungen auf Ihrem Gerät, indem Sie die Zahl eingeben, die die Anmeldeseite anzeigt. Funktioniert auch offline mit einem Code.
me-push-add = Push-Gerät hinzufügen
me-otp-heading = Authenticator-App
me-otp-text = Jede App, die 6-stellige Codes (TOTP) anzeigt, eingerichtet durch Scannen eines QR-Codes.
me-otp-name = Bezeichnung (optional)
me-otp-name-example = Handy-App
me-otp-add = Authenticator-App hinzufügen
me-phone-heading = Telefonnummer für SMS-Codes
me-phone-restricted = SMS ist eine eingeschränkte Methode: Eine Nachricht kann von jedem umgeleitet werden, der die Nummer kontrolliert. Bevorzugen Sie die Push-App oder eine Authenticator-App und behalten Sie SMS als Ausweichmöglichkeit. Eine neue Nummer ersetzt die alte, die über die Änderung informiert wird.
me-phone-number = Handynummer im internationalen Format
me-phone-send = Code senden
me-no-enrollment = Ihre Benutzerrichtlinie erlaubt Ihnen nicht, selbst Methoden hinzuzufügen. Ihr IT-Support kann helfen.
me-done-otp = Ihre Authenticator-App ist einsatzbereit.
me-done-phone = Ihr Telefon kann jetzt Anmeldecodes empfangen.

## The self-service pages (/me): adding a method

me-otp-title = Authenticator-App hinzufügen
me-otp-step-scan = Fügen Sie in Ihrer Authenticator-App ein Konto hinzu und scannen Sie diesen Code.
me-otp-step-code = Geben Sie den 6-stelligen Code ein, den die App dann anzeigt.
me-otp-qr = QR-Code für Ihre Authenticator-App
me-otp-manual = Scannen nicht möglich? Geben Sie den Schlüssel von Hand ein
me-otp-key = Schlüssel
me-otp-key-kind = zeitbasiert, 6 Ziffern, alle 30 Sekunden
me-otp-key-gone = nur auf der ersten Seite angezeigt; beginnen Sie erneut, wenn Sie ihn nicht gespeichert haben
me-otp-code = Code aus der App
me-confirm = Bestätigen
me-phone-title = Telefon bestätigen
me-phone-sent = Wir haben einen 6-stelligen Code an { $number } gesendet. Er ist 5 Minuten gültig.
me-phone-code = Code aus der SMS
me-push-title = Push-Gerät hinzufügen
me-push-intro = Scannen Sie diesen Code mit dem Regain-Authenticator auf Ihrem Gerät oder geben Sie ihm den Link unten. Der Link funktioniert einmal, bis { $expires }.
me-push-qr = QR-Code mit Ihrem Registrierungslink
me-push-cli = Authenticator für die Kommandozeile:
me-push-done = Fertig: zurück zu meinen Methoden
me-error-denied = Das dürfen Sie hier nicht; fragen Sie Ihren IT-Support.
me-error-reauth = Um Ihre Telefonnummer zu ändern, brauchen Sie einen frischen Code: Melden Sie sich ab, melden Sie sich mit einem Code aus Ihrer App oder von Ihrem aktuellen Telefon wieder an und ändern Sie sie innerhalb von 5 Minuten.
me-error-gone = Diese Registrierung ist nicht mehr offen: Beginnen Sie erneut.
me-error-number = Geben Sie die Handynummer im internationalen Format ein, beginnend mit + und der Ländervorwahl, zum Beispiel +41 79 123 45 67.
me-error-sms = Der Bestätigungscode konnte nicht gesendet werden. Versuchen Sie es später erneut.
me-error-code = Dieser Code ist nicht richtig, oder es gab zu viele falsche Codes. Prüfen Sie den Code und versuchen Sie es erneut; nach zu vielen Versuchen warten Sie, bis die Sperre endet.
me-error-invalid = Das hat nicht funktioniert. Beginnen Sie erneut auf der Seite mit Ihren Methoden.

## The self-service pages (/me): application passwords

me-apps-title = Anwendungspasswörter
me-apps-intro = Bewahren Sie hier die Anmeldedaten Ihrer Anwendungen auf. Die Passwörter werden verschlüsselt gespeichert; Administratoren können sie nicht sehen.
me-apps-home-text = Bewahren Sie die Benutzernamen und Passwörter Ihrer Anwendungen auf, um sie bei Bedarf nachzuschlagen.
me-apps-none = Sie haben noch keine Anwendungspasswörter.
me-apps-col-name = Anwendung
me-apps-col-address = Adresse
me-apps-col-login = Benutzername
me-apps-col-updated = Geändert
me-apps-edit = Bearbeiten
me-apps-delete = Löschen
me-apps-add-heading = Anwendungspasswort hinzufügen
me-apps-edit-heading = { $name } ändern
me-apps-name = Name der Anwendung
me-apps-address = Adresse (optional)
me-apps-login = Benutzername (optional)
me-apps-password = Passwort
me-apps-password-keep = Neues Passwort (leer lassen, um das aktuelle zu behalten)
me-apps-save = Speichern
me-apps-cancel = Zurück zu meinen Anwendungspasswörtern
me-apps-saved = Das Anwendungspasswort ist gespeichert.
me-apps-deleted = Das Anwendungspasswort ist gelöscht.
me-apps-reauth = Um Anwendungspasswörter zu ändern, brauchen Sie eine frische Anmeldung: Melden Sie sich ab, melden Sie sich erneut an (mit einem Code aus einer Ihrer Methoden, falls Sie eine haben) und nehmen Sie die Änderung innerhalb von 5 Minuten vor.
me-app-name-missing = Geben Sie den Namen der Anwendung ein.
me-app-name-too-long = Der Name ist zu lang: Verwenden Sie höchstens 80 Zeichen.
me-app-address-too-long = Die Adresse ist zu lang: Verwenden Sie höchstens 300 Zeichen.
me-app-login-too-long = Der Benutzername ist zu lang: Verwenden Sie höchstens 200 Zeichen.
me-app-password-missing = Geben Sie das Passwort ein.
me-app-password-too-long = Das Passwort ist zu lang: Verwenden Sie höchstens 500 Zeichen.
me-app-too-many = Sie bewahren bereits 100 Anwendungspasswörter auf: Löschen Sie zuerst eines.

## The default security questions (administrators' own questions are shown as written)

question-default-1 = Wie hieß Ihr erstes Haustier?
question-default-2 = In welcher Stadt wurden Sie geboren?
question-default-3 = Wie hieß Ihre erste Schule?
question-default-4 = Wie heißt die Straße, in der Sie aufgewachsen sind?
question-default-5 = Welche Marke hatte Ihr erstes Auto?
question-default-6 = Wie lautet der Vorname Ihres ältesten Cousins bzw. Ihrer ältesten Cousine?
question-default-7 = In welcher Stadt haben sich Ihre Eltern kennengelernt?
question-default-8 = Welches war das erste Konzert, das Sie besucht haben?
question-default-9 = Wie lautete Ihr Spitzname als Kind?
question-default-10 = Wie lautet der zweite Vorname Ihres ältesten Bruders bzw. Ihrer ältesten Schwester?

## Notices sent by email or webhook: never a code, password or answer

notice-footer = Diese Nachricht wurde von Regain, dem Anmeldedienst Ihrer Organisation, gesendet. Bitte antworten Sie nicht darauf.
notice-enrollment_declined-subject = Regain: { $user } hat die Einrichtung der Sicherheitsfragen aufgeschoben
notice-enrollment_declined-body = Der Benutzer { $user } hat am { $at } „Später“ gewählt, statt seine Sicherheitsfragen einzurichten. Bis er sie einrichtet, kann er sein Passwort nicht selbst zurücksetzen.
notice-locked_out-subject = Regain: { $user } ist gesperrt
notice-locked_out-body = Zu viele falsche Versuche beim zweiten Faktor haben { $user } am { $at } gesperrt. Falls das nicht die Person selbst war, rät womöglich jemand; ein Administrator kann das Konto in der Konsole entsperren.
notice-push_limit-subject = Regain: Push-Limit für { $user } erreicht
notice-push_limit-body = Am { $at } wurde ein Push für { $user } abgelehnt, weil das Limit an Push-Anfragen erreicht war (Quelle: { $source }). Viele Pushes in kurzer Zeit können von einem Angreifer stammen, der hofft, dass einer bestätigt wird.
notice-audit_write_failed-subject = Regain: Ein Audit-Eintrag konnte nicht geschrieben werden
notice-audit_write_failed-body = Am { $at } konnte Regain keinen Audit-Eintrag schreiben (Aktion { $action }, Benutzer { $user }); die Änderung wurde daher nicht ausgeführt. Prüfen Sie jetzt den Zustand und den freien Speicher der Datenbank.
notice-password_changed-subject = Ihr Passwort wurde geändert
notice-password_changed-body = Hallo { $user }, das Passwort Ihres Kontos wurde am { $at } geändert oder zurückgesetzt. Falls Sie das nicht waren, wenden Sie sich sofort an Ihren Helpdesk.
notice-account_unlocked-subject = Ihr Konto wurde entsperrt
notice-account_unlocked-body = Hallo { $user }, Ihr Konto wurde am { $at } entsperrt. Falls Sie das nicht veranlasst haben, wenden Sie sich sofort an Ihren Helpdesk.
notice-temp_code_issued-subject = Für Sie wurde ein temporärer Anmeldecode ausgestellt
notice-temp_code_issued-body = Hallo { $user }, für Ihr Konto wurde am { $at } ein temporärer Anmeldecode ausgestellt; er gilt bis { $expires }. Der Code selbst wird nie per E-Mail versandt. Falls Sie keinen beim Helpdesk angefordert haben, rufen Sie ihn sofort an.
notice-temp_code_used-subject = Ihr temporärer Anmeldecode wurde verwendet
notice-temp_code_used-body = Hallo { $user }, Ihr temporärer Anmeldecode wurde am { $at } verwendet (von { $source }). Falls Sie das nicht waren, rufen Sie sofort Ihren Helpdesk an.
notice-temp_code_revoked-subject = Ihr temporärer Anmeldecode wurde widerrufen
notice-temp_code_revoked-body = Hallo { $user }, Ihr temporärer Anmeldecode wurde am { $at } widerrufen; er funktioniert nicht mehr.
notice-method_enrolled-subject = Ihrem Konto wurde eine neue Anmeldemethode hinzugefügt
notice-method_enrolled-body = Hallo { $user }, Ihrem Konto wurde am { $at } eine neue Anmeldemethode hinzugefügt: { $kind }. Falls Sie das nicht waren, wenden Sie sich sofort an Ihren Helpdesk.
notice-phone_changed-subject = Ihre Telefonnummer für Anmeldecodes wurde geändert
notice-phone_changed-body = Hallo { $user }, die Telefonnummer für Ihre Anmeldecodes wurde am { $at } auf { $number } geändert. Falls Sie das nicht waren, wenden Sie sich sofort an Ihren Helpdesk.
notice-test-subject = Regain: Testnachricht
notice-test-body = Dies ist eine Testnachricht von Regain, gesendet am { $at }. Wenn Sie sie lesen können, erreichen Benachrichtigungen diese Adresse.
