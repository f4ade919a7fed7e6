# Regain's self-service pages: Swedish (svenska). Same keys as en.ftl. Arguments in braces,
# such as { $min }, are filled in by the server.

## Shared

brand = Regain
app-name = Lösenordshjälp
skip-to-content = Hoppa till innehållet
language-links = Språk
start-over = Börja om
back-to-start = Tillbaka till början
continue = Fortsätt
required-field = obligatoriskt

## The start page (/sso/passwordhelp)

start-title = Har du glömt ditt lösenord?
start-intro = Ange ditt användarnamn. Du får besvara dina säkerhetsfrågor och kan sedan välja ett nytt lösenord eller låsa upp ditt konto.
start-username = Användarnamn
start-username-hint = Namnet som du loggar in på datorn med, till exempel jsmith.
start-submit = Fortsätt
start-signin-link = Logga in för att hantera mina inloggningsmetoder och säkerhetsfrågor
start-empty-name = Ange ditt användarnamn.

## The challenge (/sso/sschallenge)

challenge-title = Besvara dina säkerhetsfrågor
challenge-intro = Besvara frågorna som du valde när du konfigurerade lösenordshjälpen. Versaler och extra blanksteg spelar ingen roll.
challenge-answer = Svar
challenge-submit = Kontrollera mina svar
challenge-not-accepted = Dina svar godkändes inte. Kontrollera dem och försök igen. Efter för många felaktiga försök låses lösenordshjälpen en stund.

## The push step (/sso/ssacceptnumber, /sso/sscheckpush)

push-title = Godkänn begäran i din telefon
push-intro = Vi har skickat en begäran till din Regain-app. Öppna den och ange det här numret:
push-number-label = Nummer att ange i appen
push-waiting = Väntar på ditt svar…
push-check-again = Kontrollera igen
push-use-code = Jag kan inte använda appen: ange en kod i stället
push-denied = Begäran nekades eller tidsgränsen gick ut. Börja om om du fortfarande behöver hjälp.
push-wrong-number = Numret som angavs i appen var inte det som visas här. Börja om.

## The code fallback (/sso/ssenteriidtokeninit, /sso/ssenteriidtoken)

code-title = Ange en kod
code-intro = Ange offlinekoden från din Regain-app eller den aktuella koden från din autentiseringsapp eller token.
code-label = Kod
code-submit = Verifiera
code-not-accepted = Koden godkändes inte. Ange den aktuella koden.

## Setting the new password (/sso/ssresetinit, /sso/ssreset)

reset-title = Välj ett nytt lösenord
reset-intro = Din identitet har bekräftats. Välj ett nytt lösenord för { $username }.
reset-locked-note = Ditt konto är låst. När du anger ett nytt lösenord låses det upp. Om du kommer ihåg ditt lösenord kan du låsa upp kontot utan att ändra det.
reset-new = Nytt lösenord
reset-again = Upprepa nytt lösenord
reset-rules = Använd ett långt lösenord: flera orelaterade ord är lätta att komma ihåg och svåra att gissa. Det får inte innehålla ditt namn och får inte vara ett som du har använt nyligen.
reset-strength = Styrka
reset-strength-0 = Mycket svagt
reset-strength-1 = Svagt
reset-strength-2 = Godtagbart
reset-strength-3 = Bra
reset-strength-4 = Starkt
reset-submit = Ange nytt lösenord
unlock-title = Lås bara upp mitt konto
unlock-submit = Lås upp mitt konto
reset-mismatch = De två lösenorden stämmer inte överens. Skriv det nya lösenordet två gånger.

## Refusals of a new password (from Regain's rules or the directory)

pw-too-short = Lösenordet är för kort: använd minst { $min } tecken.
pw-too-short-unknown = Lösenordet är för kort enligt organisationens regler. Använd ett längre.
pw-too-long = Lösenordet är för långt: använd högst { $max } tecken.
pw-not-complex = Lösenordet är inte tillräckligt komplext: kombinera minst { $required } av följande: gemener, versaler, siffror och symboler.
pw-in-history = Du har använt det här lösenordet nyligen: välj ett som inte finns bland dina senaste { $history }.
pw-in-history-unknown = Du har använt det här lösenordet nyligen: välj ett som du inte har använt tidigare.
pw-too-young = Ditt lösenord ändrades för nyligen för att kunna ändras igen. Försök igen senare eller kontakta IT-supporten (domänens minsta tillåtna lösenordsålder måste vara 0 för återställning via självbetjäning).
pw-contains-name = Lösenordet får inte innehålla ditt användarnamn eller ditt namn.
pw-common = Det här lösenordet är ett av de vanligaste och skulle gissas först. Välj ett annat, till exempel några orelaterade ord.

## Outcomes

done-title = Ditt lösenord har ändrats
done-signed-in = Du är nu inloggad på dina självbetjäningssidor.
done-sign-in-again = Logga in igen med ditt nya lösenord.
done-sign-in-link = Logga in
done-go-to-me = Gå till mina inloggningsmetoder
unlocked-title = Ditt konto är upplåst
unlocked-text = Du kan logga in med ditt lösenord igen.
locked-title = Lösenordshjälpen är tillfälligt låst
locked-text = Det var för många felaktiga svar. Vänta en stund och försök igen, eller ring IT-supporten.
rate-title = För många försök
rate-text = Det har gjorts för många försök härifrån eller för det här namnet. Vänta tio minuter och försök igen.
unavailable-title = Lösenordshjälpen är inte tillgänglig
unavailable-text = Lösenordsåterställning via självbetjäning är inaktiverad. Kontakta IT-supporten.
helpdesk-title = Kontakta IT-supporten
helpdesk-text = Din identitet har bekräftats, men ditt lösenord kan inte återställas här. Kontakta IT-supporten.
helpdesk-disabled = Ditt konto är inaktiverat eller har gått ut. Kontakta IT-supporten.
helpdesk-no-push = Den här organisationen kräver även ett godkännande i din telefon, och du har ingen Regain-app konfigurerad. Kontakta IT-supporten.
helpdesk-rights = Ditt lösenord kunde inte ändras på grund av ett problem hos oss. Ingenting har ändrats. Kontakta IT-supporten.
hours-title = Du kan inte logga in just nu
hours-text = Ditt kontos inloggningstider tillåter inte inloggning nu, så lösenordet kan inte heller återställas nu. Försök igen under dina inloggningstider, eller ring IT-supporten.
ended-title = Sidan har upphört att gälla
ended-text = Lösenordshjälpen avslutas efter tio minuters inaktivitet och efter varje ändring. Börja om.
expired-form = Formuläret har upphört att gälla eller kom inte från den här webbplatsen. Börja om.
unavailable-error = Lösenordshjälpen kan inte slutföra detta just nu. Ingenting har ändrats. Försök igen om en minut.

## Application passwords in password help (/sso/ssresetinit?view=apps)

apps-link = Visa mina programlösenord
apps-title = Dina programlösenord
apps-intro = Visa ett lösenord bara när du behöver det: det döljs igen efter 60 sekunder.
apps-show = Visa lösenordet
apps-shown = Det här lösenordet döljs igen om 60 sekunder.
apps-back = Tillbaka till att välja ett nytt lösenord

## Enrolling security questions (/me/questions)

enroll-title = Säkerhetsfrågor
enroll-intro = Om du glömmer ditt lösenord kan du själv återställa det genom att besvara de här frågorna. Välj { $count } frågor och besvara dem. Versaler och extra blanksteg spelar ingen roll.
enroll-mandatory = Ställs alltid
enroll-question = Fråga { $n }
enroll-answer = Svar { $n }
enroll-choose = Välj en fråga
enroll-submit = Spara mina svar
enroll-later = Senare
enroll-saved = Dina säkerhetsfrågor har sparats.
enroll-state-enrolled = Du konfigurerade dina säkerhetsfrågor den { $date }.
enroll-state-declined = Du sköt upp detta den { $date }.
enroll-state-none = Du har inte konfigurerat några säkerhetsfrågor än.
enroll-must = Din organisation ber dig att konfigurera dina säkerhetsfrågor innan du gör något annat.
enroll-change-reauth = Om du vill ändra dina svar loggar du in igen (med en kod från någon av dina metoder, om du har någon) och ändrar dem inom 5 minuter.
enroll-not-offered = Din användarprincip erbjuder inte lösenordsåterställning via självbetjäning.
answers-wrong-count = Besvara exakt { $expected } frågor.
answers-unknown-question = Välj varje fråga en gång, från listan.
answers-mandatory-missing = Besvara frågan ”{ $question }”: den ställs alltid.
answer-too-short = Svaret på ”{ $question }” är för kort: använd minst 3 tecken.
answer-too-long = Svaret på ”{ $question }” är för långt: använd högst 200 tecken.
answer-same-as-another = Svaret på ”{ $question }” är detsamma som ett annat svar: ge varje fråga ett eget svar.
answer-is-user-name = Svaret på ”{ $question }” är ditt användarnamn: välj ett svar som bara du känner till.
answer-is-password = Svaret på ”{ $question }” är ditt lösenord: använd aldrig ditt lösenord som svar.

## The self-service pages (/me): signing in

me-app-name = Mina inloggningsmetoder
me-sign-out = Logga ut
me-login-title = Logga in
me-login-intro = Logga in med ditt katalogkonto för att lägga till en autentiseringsapp, en telefon eller en push-enhet.
me-login-username = Användarnamn
me-login-password = Lösenord
me-login-submit = Logga in
me-login-code = Kod
me-login-verify = Verifiera
me-forgot-password = Glömt lösenordet?
me-signed-out = Du är utloggad.
me-code-sent = Lösenordet godkändes. Ange koden vi skickade till { $number }.
me-code-app = Lösenordet godkändes. Ange den aktuella koden från din autentiseringsapp eller offlinekoden från din push-app.
me-code-wrong = Koden stämmer inte. Ange den aktuella koden.
me-refused = Inloggningen misslyckades: användarnamnet eller lösenordet är fel, eller kontot är låst eller inaktiverat.
me-refused-restart = Inloggningen misslyckades: börja om med ditt användarnamn och lösenord.
me-no-remote-enrollment = Du har ännu ingen inloggningsmetod, och din användarpolicy tillåter inte att du lägger till en på distans. Besök IT-supporten personligen.
me-temporary-code-required = Du har ännu ingen inloggningsmetod. För att lägga till en på distans kräver din policy, utöver lösenordet, en tillfällig kod från IT-supporten: ring dem först.
me-login-expired = Inloggningsformuläret har gått ut. Försök igen.
me-expired-title = Formuläret har gått ut
me-expired-text = Det här formuläret har gått ut eller kom inte från den här webbplatsen. Gå tillbaka, ladda om sidan och försök igen.
me-unavailable-title = Inte tillgängligt
me-unavailable-text = Regain kan inte slutföra detta just nu. Inget har ändrats. Försök igen om en minut.

## The self-service pages (/me): the methods

me-no-methods = Du har ännu ingen andra faktor.
me-col-method = Metod
me-col-name = Namn
me-col-state = Status
me-col-added = Tillagd
me-col-last-used = Senast använd
me-kind-otp = Autentiseringsapp eller OTP-token
me-kind-push = Push-autentiserare
me-kind-phone = Telefonnummer (sms)
me-state-active = aktiv
me-state-pending = väntar på bekräftelse
me-never = aldrig
me-lost-device = Har du tappat bort en enhet? Säg till IT-supporten: de tar bort registreringen så att ingen annan kan använda den.
me-questions-text = Svara på några frågor så att du själv kan återställa ett glömt lösenord, utan att ringa IT-supporten.
me-questions-link = Ställ in eller ändra mina säkerhetsfrågor
me-add-heading = Lägg till en metod
me-push-heading = Push-autentiserare
me-push-text = Godkänn inloggningar på din enhet genom att skriva talet som inloggningssidan visar. Fungerar även offline med en kod.
me-push-add = Lägg till en push-enhet
me-otp-heading = Autentiseringsapp
me-otp-text = Alla appar som visar 6-siffriga koder (TOTP), inställda genom att skanna en QR-kod.
me-otp-name = Namn (valfritt)
me-otp-name-example = Telefonens app
me-otp-add = Lägg till en autentiseringsapp
me-phone-heading = Telefonnummer för sms-koder
me-phone-restricted = Sms är en begränsad metod: ett meddelande kan omdirigeras av den som kontrollerar numret. Välj hellre push-appen eller en autentiseringsapp och behåll sms som reserv. Ett nytt nummer ersätter det gamla, som får besked om ändringen.
me-phone-number = Mobilnummer i internationellt format
me-phone-send = Skicka en kod
me-no-enrollment = Din användarpolicy tillåter inte att du själv lägger till metoder. IT-supporten kan hjälpa dig.
me-done-otp = Din autentiseringsapp är klar att använda.
me-done-phone = Din telefon kan nu ta emot inloggningskoder.

## The self-service pages (/me): adding a method

me-otp-title = Lägg till en autentiseringsapp
me-otp-step-scan = Lägg till ett konto i din autentiseringsapp och skanna den här koden.
me-otp-step-code = Ange den 6-siffriga kod som appen sedan visar.
me-otp-qr = QR-kod för din autentiseringsapp
me-otp-manual = Går det inte att skanna? Ange nyckeln för hand
me-otp-key = Nyckel
me-otp-key-kind = tidsbaserad, 6 siffror, var 30:e sekund
me-otp-key-gone = visas bara på första sidan; börja om om du inte sparade den
me-otp-code = Kod från appen
me-confirm = Bekräfta
me-phone-title = Bekräfta din telefon
me-phone-sent = Vi har skickat en 6-siffrig kod till { $number }. Den gäller i 5 minuter.
me-phone-code = Kod från sms:et
me-push-title = Lägg till en push-enhet
me-push-intro = Skanna den här koden med Regain-autentiseraren på din enhet, eller använd länken nedan. Länken fungerar en gång, till { $expires }.
me-push-qr = QR-kod med din registreringslänk
me-push-cli = Autentiserare för kommandoraden:
me-push-done = Klart: tillbaka till mina metoder
me-error-denied = Det får du inte göra här; fråga IT-supporten.
me-error-reauth = För att byta telefonnummer behöver du en färsk kod: logga ut, logga in igen med en kod från din app eller din nuvarande telefon och byt det inom 5 minuter.
me-error-gone = Den registreringen väntar inte längre: börja om.
me-error-number = Ange mobilnumret i internationellt format, med + och landskoden först, till exempel +41 79 123 45 67.
me-error-sms = Bekräftelsekoden kunde inte skickas. Försök igen senare.
me-error-code = Koden stämmer inte, eller så har det varit för många felaktiga koder. Kontrollera koden och försök igen; efter för många försök får du vänta tills spärren upphör.
me-error-invalid = Det fungerade inte. Börja om från sidan med dina metoder.

## The self-service pages (/me): application passwords

me-apps-title = Programlösenord
me-apps-intro = Spara inloggningsuppgifterna för dina program här. Lösenorden lagras krypterade; administratörer kan inte se dem.
me-apps-home-text = Spara användarnamn och lösenord för dina program, så att du kan slå upp dem när du behöver dem.
me-apps-none = Du har ännu inga programlösenord.
me-apps-col-name = Program
me-apps-col-address = Adress
me-apps-col-login = Användarnamn
me-apps-col-updated = Ändrad
me-apps-edit = Redigera
me-apps-delete = Ta bort
me-apps-add-heading = Lägg till ett programlösenord
me-apps-edit-heading = Ändra { $name }
me-apps-name = Programmets namn
me-apps-address = Adress (valfritt)
me-apps-login = Användarnamn (valfritt)
me-apps-password = Lösenord
me-apps-password-keep = Nytt lösenord (lämna tomt för att behålla det nuvarande)
me-apps-save = Spara
me-apps-cancel = Tillbaka till mina programlösenord
me-apps-saved = Programlösenordet är sparat.
me-apps-deleted = Programlösenordet är borttaget.
me-apps-reauth = För att ändra programlösenord krävs en färsk inloggning: logga ut, logga in igen (med en kod från någon av dina metoder, om du har någon) och gör ändringen inom 5 minuter.
me-app-name-missing = Ange programmets namn.
me-app-name-too-long = Namnet är för långt: använd högst 80 tecken.
me-app-address-too-long = Adressen är för lång: använd högst 300 tecken.
me-app-login-too-long = Användarnamnet är för långt: använd högst 200 tecken.
me-app-password-missing = Ange lösenordet.
me-app-password-too-long = Lösenordet är för långt: använd högst 500 tecken.
me-app-too-many = Du sparar redan 100 programlösenord: ta bort ett först.

## The default security questions (administrators' own questions are shown as written)

question-default-1 = Vad hette ditt första husdjur?
question-default-2 = I vilken stad föddes du?
question-default-3 = Vad hette din första skola?
question-default-4 = Vad heter gatan där du växte upp?
question-default-5 = Vilket märke var din första bil?
question-default-6 = Vad heter din äldsta kusin i förnamn?
question-default-7 = I vilken stad träffades dina föräldrar?
question-default-8 = Vilken var den första konserten du gick på?
question-default-9 = Vad hade du för smeknamn som barn?
question-default-10 = Vad är mellannamnet på ditt äldsta syskon?

## Notices sent by email or webhook: never a code, password or answer

notice-footer = Det här meddelandet skickades av Regain, din organisations inloggningstjänst. Svara inte på det.
notice-enrollment_declined-subject = Regain: { $user } har skjutit upp registreringen av säkerhetsfrågor
notice-enrollment_declined-body = Användaren { $user } valde ”Senare” i stället för att registrera sina säkerhetsfrågor den { $at }. Tills de är registrerade kan användaren inte själv återställa sitt lösenord.
notice-locked_out-subject = Regain: { $user } är spärrad
notice-locked_out-body = För många felaktiga försök med en andra faktor spärrade { $user } den { $at }. Om det inte var användaren själv kanske någon gissar; en administratör kan häva spärren i konsolen.
notice-push_limit-subject = Regain: push-gränsen har nåtts för { $user }
notice-push_limit-body = Den { $at } nekades en push-begäran till { $user } eftersom gränsen för push-begäranden hade nåtts (källa: { $source }). Många push-begäranden på kort tid kan vara en angripare som hoppas att någon godkänns.
notice-audit_write_failed-subject = Regain: en granskningspost kunde inte skrivas
notice-audit_write_failed-body = Den { $at } kunde Regain inte skriva en granskningspost (åtgärd { $action }, användare { $user }), så ändringen gjordes inte. Kontrollera databasens tillstånd och lediga utrymme nu.
notice-password_changed-subject = Ditt lösenord har ändrats
notice-password_changed-body = Hej { $user }, lösenordet till ditt konto ändrades eller återställdes den { $at }. Om det inte var du, kontakta din helpdesk omedelbart.
notice-account_unlocked-subject = Ditt konto har låsts upp
notice-account_unlocked-body = Hej { $user }, ditt konto låstes upp den { $at }. Om du inte bad om det, kontakta din helpdesk omedelbart.
notice-temp_code_issued-subject = En tillfällig inloggningskod har utfärdats åt dig
notice-temp_code_issued-body = Hej { $user }, en tillfällig inloggningskod för ditt konto utfärdades den { $at }; den gäller till { $expires }. Själva koden skickas aldrig med e-post. Om du inte bad din helpdesk om en, ring dem omedelbart.
notice-temp_code_used-subject = Din tillfälliga inloggningskod har använts
notice-temp_code_used-body = Hej { $user }, din tillfälliga inloggningskod användes den { $at } (från { $source }). Om det inte var du, ring din helpdesk omedelbart.
notice-temp_code_revoked-subject = Din tillfälliga inloggningskod har återkallats
notice-temp_code_revoked-body = Hej { $user }, din tillfälliga inloggningskod återkallades den { $at }; den fungerar inte längre.
notice-method_enrolled-subject = En ny inloggningsmetod har lagts till på ditt konto
notice-method_enrolled-body = Hej { $user }, den { $at } lades en ny inloggningsmetod till på ditt konto: { $kind }. Om det inte var du, kontakta din helpdesk omedelbart.
notice-phone_changed-subject = Ditt telefonnummer för inloggningskoder har ändrats
notice-phone_changed-body = Hej { $user }, telefonnumret för dina inloggningskoder ändrades till { $number } den { $at }. Om det inte var du, kontakta din helpdesk omedelbart.
notice-test-subject = Regain: testmeddelande
notice-test-body = Det här är ett testmeddelande från Regain, skickat den { $at }. Om du kan läsa det når aviseringar den här adressen.
