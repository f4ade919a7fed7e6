# Regain's self-service pages: Danish (dansk). Same keys as en.ftl. Arguments in braces,
# such as { $min }, are filled in by the server.

## Shared

brand = Regain
app-name = Hjælp til adgangskode
skip-to-content = Gå til indhold
language-links = Sprog
start-over = Start forfra
back-to-start = Tilbage til start
continue = Fortsæt
required-field = påkrævet

## The start page (/sso/passwordhelp)

start-title = Har du glemt din adgangskode?
start-intro = Angiv dit brugernavn. Du skal besvare dine sikkerhedsspørgsmål, og derefter kan du vælge en ny adgangskode eller låse din konto op.
start-username = Brugernavn
start-username-hint = Det navn, du logger på din computer med, f.eks. jsmith.
start-submit = Fortsæt
start-signin-link = Log på for at administrere mine loginmetoder og sikkerhedsspørgsmål
start-empty-name = Angiv dit brugernavn.

## The challenge (/sso/sschallenge)

challenge-title = Besvar dine sikkerhedsspørgsmål
challenge-intro = Besvar de spørgsmål, du valgte, da du konfigurerede hjælp til adgangskode. Store bogstaver og ekstra mellemrum er ligegyldige.
challenge-answer = Svar
challenge-submit = Kontrollér mine svar
challenge-not-accepted = Dine svar blev ikke godkendt. Kontrollér dem, og prøv igen. Efter for mange forkerte forsøg bliver hjælp til adgangskode låst i et stykke tid.

## The push step (/sso/ssacceptnumber, /sso/sscheckpush)

push-title = Godkend anmodningen på din telefon
push-intro = Vi har sendt en anmodning til din Regain-app. Åbn den, og indtast dette tal:
push-number-label = Tal, der skal indtastes i appen
push-waiting = Venter på dit svar…
push-check-again = Kontrollér igen
push-use-code = Jeg kan ikke bruge appen: indtast en kode i stedet
push-denied = Anmodningen blev afvist eller fik timeout. Start forfra, hvis du stadig har brug for hjælp.
push-wrong-number = Det tal, der blev indtastet i appen, var ikke det, der vises her. Start forfra.

## The code fallback (/sso/ssenteriidtokeninit, /sso/ssenteriidtoken)

code-title = Indtast en kode
code-intro = Indtast offlinekoden fra din Regain-app eller den aktuelle kode fra din godkendelsesapp eller dit token.
code-label = Kode
code-submit = Bekræft
code-not-accepted = Koden blev ikke godkendt. Indtast den aktuelle kode.

## Setting the new password (/sso/ssresetinit, /sso/ssreset)

reset-title = Vælg en ny adgangskode
reset-intro = Din identitet er bekræftet. Vælg en ny adgangskode til { $username }.
reset-locked-note = Din konto er låst. Når du angiver en ny adgangskode, låses den op. Hvis du kan huske din adgangskode, kan du låse kontoen op uden at ændre den.
reset-new = Ny adgangskode
reset-again = Gentag ny adgangskode
reset-rules = Brug en lang adgangskode: flere ord uden indbyrdes sammenhæng er nemme at huske og svære at gætte. Den må ikke indeholde dit navn og må ikke være en, du har brugt for nylig.
reset-strength = Styrke
reset-strength-0 = Meget svag
reset-strength-1 = Svag
reset-strength-2 = Middel
reset-strength-3 = God
reset-strength-4 = Stærk
reset-submit = Angiv ny adgangskode
unlock-title = Lås kun min konto op
unlock-submit = Lås min konto op
reset-mismatch = De to adgangskoder er ikke ens. Skriv den nye adgangskode to gange.

## Refusals of a new password (from Regain's rules or the directory)

pw-too-short = Adgangskoden er for kort: brug mindst { $min } tegn.
pw-too-short-unknown = Adgangskoden er for kort i forhold til din organisations regler. Brug en længere.
pw-too-long = Adgangskoden er for lang: brug højst { $max } tegn.
pw-not-complex = Adgangskoden er ikke kompleks nok: kombiner mindst { $required } af følgende: små bogstaver, store bogstaver, tal og symboler.
pw-in-history = Du har brugt denne adgangskode for nylig: vælg en, der ikke er blandt dine seneste { $history }.
pw-in-history-unknown = Du har brugt denne adgangskode for nylig: vælg en, du ikke har brugt før.
pw-too-young = Din adgangskode blev ændret for nylig og kan ikke ændres igen endnu. Prøv igen senere, eller kontakt din it-support (domænets minimale levetid for adgangskoder skal være 0 for selvbetjent nulstilling).
pw-contains-name = Adgangskoden må ikke indeholde dit brugernavn eller dit navn.
pw-common = Denne adgangskode er en af de mest almindelige og ville blive gættet først. Vælg en anden, f.eks. nogle få ord uden indbyrdes sammenhæng.

## Outcomes

done-title = Din adgangskode er ændret
done-signed-in = Du er nu logget på dine selvbetjeningssider.
done-sign-in-again = Log på igen med din nye adgangskode.
done-sign-in-link = Log på
done-go-to-me = Gå til mine loginmetoder
unlocked-title = Din konto er låst op
unlocked-text = Du kan logge på med din adgangskode igen.
locked-title = Hjælp til adgangskode er midlertidigt låst
locked-text = Der var for mange forkerte svar. Vent et stykke tid, og prøv igen, eller ring til din it-support.
rate-title = For mange forsøg
rate-text = Der har været for mange forsøg herfra eller for dette navn. Vent ti minutter, og prøv igen.
unavailable-title = Hjælp til adgangskode er ikke tilgængelig
unavailable-text = Selvbetjent nulstilling af adgangskode er slået fra. Kontakt din it-support.
helpdesk-title = Kontakt din it-support
helpdesk-text = Din identitet er bekræftet, men din adgangskode kan ikke nulstilles her. Kontakt din it-support.
helpdesk-disabled = Din konto er deaktiveret eller udløbet. Kontakt din it-support.
helpdesk-no-push = Denne organisation kræver også en godkendelse på din telefon, og du har ikke konfigureret en Regain-app. Kontakt din it-support.
helpdesk-rights = Din adgangskode kunne ikke ændres på grund af et problem hos os. Intet blev ændret. Kontakt din it-support.
hours-title = Du kan ikke logge på lige nu
hours-text = Din kontos logontider tillader ikke, at du logger på nu, så adgangskoden kan heller ikke nulstilles nu. Prøv igen inden for dine logontider, eller ring til din it-support.
ended-title = Denne side er udløbet
ended-text = Hjælp til adgangskode afsluttes efter ti minutter uden aktivitet og efter hver ændring. Start forfra.
expired-form = Denne formular er udløbet eller kom ikke fra dette websted. Start forfra.
unavailable-error = Hjælp til adgangskode kan ikke fuldføre dette lige nu. Intet blev ændret. Prøv igen om et minut.

## Application passwords in password help (/sso/ssresetinit?view=apps)

apps-link = Se mine programadgangskoder
apps-title = Dine programadgangskoder
apps-intro = Vis kun en adgangskode, når du har brug for den: den skjules igen efter 60 sekunder.
apps-show = Vis adgangskoden
apps-shown = Denne adgangskode skjules igen om 60 sekunder.
apps-back = Tilbage til at vælge en ny adgangskode

## Enrolling security questions (/me/questions)

enroll-title = Sikkerhedsspørgsmål
enroll-intro = Hvis du glemmer din adgangskode, kan du selv nulstille den ved at besvare disse spørgsmål. Vælg { $count } spørgsmål, og besvar dem. Store bogstaver og ekstra mellemrum er ligegyldige.
enroll-mandatory = Stilles altid
enroll-question = Spørgsmål { $n }
enroll-answer = Svar { $n }
enroll-choose = Vælg et spørgsmål
enroll-submit = Gem mine svar
enroll-later = Senere
enroll-saved = Dine sikkerhedsspørgsmål er gemt.
enroll-state-enrolled = Du konfigurerede dine sikkerhedsspørgsmål den { $date }.
enroll-state-declined = Du udsatte dette den { $date }.
enroll-state-none = Du har endnu ikke konfigureret sikkerhedsspørgsmål.
enroll-must = Din organisation beder dig om at konfigurere dine sikkerhedsspørgsmål, før du gør noget andet.
enroll-change-reauth = Hvis du vil ændre dine svar, skal du logge på igen (med en kode fra en af dine metoder, hvis du har en) og ændre dem inden for 5 minutter.
enroll-not-offered = Din brugerpolitik tilbyder ikke selvbetjent nulstilling af adgangskode.
answers-wrong-count = Besvar præcis { $expected } spørgsmål.
answers-unknown-question = Vælg hvert spørgsmål én gang fra listen.
answers-mandatory-missing = Besvar spørgsmålet »{ $question }«: det stilles altid.
answer-too-short = Svaret på »{ $question }« er for kort: brug mindst 3 tegn.
answer-too-long = Svaret på »{ $question }« er for langt: brug højst 200 tegn.
answer-same-as-another = Svaret på »{ $question }« er det samme som et andet svar: giv hvert spørgsmål sit eget svar.
answer-is-user-name = Svaret på »{ $question }« er dit brugernavn: vælg et svar, som kun du kender.
answer-is-password = Svaret på »{ $question }« er din adgangskode: brug aldrig din adgangskode som svar.

## The self-service pages (/me): signing in

me-app-name = Mine loginmetoder
me-sign-out = Log af
me-login-title = Log på
me-login-intro = Log på med din katalogkonto for at tilføje en godkendelsesapp, en telefon eller en push-enhed.
me-login-username = Brugernavn
me-login-password = Adgangskode
me-login-submit = Log på
me-login-code = Kode
me-login-verify = Bekræft
me-forgot-password = Har du glemt din adgangskode?
me-signed-out = Du er logget af.
me-code-sent = Adgangskoden er godkendt. Indtast koden, vi sendte til { $number }.
me-code-app = Adgangskoden er godkendt. Indtast den aktuelle kode fra din godkendelsesapp eller offlinekoden fra din push-app.
me-code-wrong = Koden er ikke korrekt. Indtast den aktuelle kode.
me-refused = Login mislykkedes: brugernavnet eller adgangskoden er forkert, eller kontoen er låst eller deaktiveret.
me-refused-restart = Login mislykkedes: start forfra med dit brugernavn og din adgangskode.
me-no-remote-enrollment = Du har endnu ingen loginmetode, og din brugerpolitik tillader ikke, at du tilføjer en på afstand. Henvend dig personligt til din it-support.
me-temporary-code-required = Du har endnu ingen loginmetode. For at tilføje en på afstand kræver din politik ud over din adgangskode en midlertidig kode fra din it-support: ring til dem først.
me-login-expired = Loginformularen er udløbet. Prøv igen.
me-expired-title = Formularen er udløbet
me-expired-text = Denne formular er udløbet eller kom ikke fra dette websted. Gå tilbage, genindlæs siden, og prøv igen.
me-unavailable-title = Ikke tilgængelig
me-unavailable-text = Regain kan ikke gennemføre dette lige nu. Intet er ændret. Prøv igen om et minut.

## The self-service pages (/me): the methods

me-no-methods = Du har endnu ingen anden faktor.
me-col-method = Metode
me-col-name = Navn
me-col-state = Tilstand
me-col-added = Tilføjet
me-col-last-used = Sidst brugt
me-kind-otp = Godkendelsesapp eller OTP-token
me-kind-push = Push-godkender
me-kind-phone = Telefonnummer (sms)
me-state-active = aktiv
me-state-pending = venter på bekræftelse
me-never = aldrig
me-lost-device = Har du mistet en enhed? Sig det til din it-support: de sletter registreringen, så ingen andre kan bruge den.
me-questions-text = Besvar nogle få spørgsmål, så du selv kan nulstille en glemt adgangskode uden at ringe til din it-support.
me-questions-link = Opsæt eller ændr mine sikkerhedsspørgsmål
me-add-heading = Tilføj en metode
me-push-heading = Push-godkender
me-push-text = Godkend logins på din enhed ved at skrive det tal, loginsiden viser. Virker også offline med en kode.
me-push-add = Tilføj en push-enhed
me-otp-heading = Godkendelsesapp
me-otp-text = Enhver app, der viser 6-cifrede koder (TOTP), opsat ved at scanne en QR-kode.
me-otp-name = Navn (valgfrit)
me-otp-name-example = Telefonapp
me-otp-add = Tilføj en godkendelsesapp
me-phone-heading = Telefonnummer til sms-koder
me-phone-restricted = Sms er en begrænset metode: en besked kan omdirigeres af den, der kontrollerer nummeret. Foretræk push-appen eller en godkendelsesapp, og behold sms som reserve. Et nyt nummer erstatter det gamle, som får besked om ændringen.
me-phone-number = Mobilnummer i internationalt format
me-phone-send = Send en kode
me-no-enrollment = Din brugerpolitik tillader ikke, at du selv tilføjer metoder. Din it-support kan hjælpe.
me-done-otp = Din godkendelsesapp er klar til brug.
me-done-phone = Din telefon kan nu modtage loginkoder.

## The self-service pages (/me): adding a method

me-otp-title = Tilføj en godkendelsesapp
me-otp-step-scan = Tilføj en konto i din godkendelsesapp, og scan denne kode.
me-otp-step-code = Indtast den 6-cifrede kode, som appen derefter viser.
me-otp-qr = QR-kode til din godkendelsesapp
me-otp-manual = Kan du ikke scanne? Indtast nøglen manuelt
me-otp-key = Nøgle
me-otp-key-kind = tidsbaseret, 6 cifre, hvert 30. sekund
me-otp-key-gone = vises kun på den første side; start forfra, hvis du ikke gemte den
me-otp-code = Kode fra appen
me-confirm = Bekræft
me-phone-title = Bekræft din telefon
me-phone-sent = Vi har sendt en 6-cifret kode til { $number }. Den er gyldig i 5 minutter.
me-phone-code = Kode fra sms'en
me-push-title = Tilføj en push-enhed
me-push-intro = Scan denne kode med Regain-godkenderen på din enhed, eller brug linket nedenfor. Linket virker én gang, indtil { $expires }.
me-push-qr = QR-kode med dit registreringslink
me-push-cli = Godkender til kommandolinjen:
me-push-done = Færdig: tilbage til mine metoder
me-error-denied = Det må du ikke gøre her; spørg din it-support.
me-error-reauth = For at ændre dit telefonnummer skal du bruge en frisk kode: log af, log på igen med en kode fra din app eller din nuværende telefon, og ændr det inden for 5 minutter.
me-error-gone = Den registrering venter ikke længere: start forfra.
me-error-number = Indtast mobilnummeret i internationalt format, begyndende med + og landekoden, for eksempel +41 79 123 45 67.
me-error-sms = Bekræftelseskoden kunne ikke sendes. Prøv igen senere.
me-error-code = Koden er ikke korrekt, eller der har været for mange forkerte koder. Tjek koden, og prøv igen; efter for mange forsøg skal du vente, til spærringen ophører.
me-error-invalid = Det virkede ikke. Start forfra fra siden med dine metoder.

## The self-service pages (/me): application passwords

me-apps-title = Programadgangskoder
me-apps-intro = Gem loginoplysningerne til dine programmer her. Adgangskoderne gemmes krypteret; administratorer kan ikke se dem.
me-apps-home-text = Gem brugernavne og adgangskoder til dine programmer, så du kan slå dem op, når du har brug for dem.
me-apps-none = Du har endnu ingen programadgangskoder.
me-apps-col-name = Program
me-apps-col-address = Adresse
me-apps-col-login = Brugernavn
me-apps-col-updated = Ændret
me-apps-edit = Rediger
me-apps-delete = Slet
me-apps-add-heading = Tilføj en programadgangskode
me-apps-edit-heading = Ændr { $name }
me-apps-name = Programmets navn
me-apps-address = Adresse (valgfri)
me-apps-login = Brugernavn (valgfrit)
me-apps-password = Adgangskode
me-apps-password-keep = Ny adgangskode (lad feltet stå tomt for at beholde den nuværende)
me-apps-save = Gem
me-apps-cancel = Tilbage til mine programadgangskoder
me-apps-saved = Programadgangskoden er gemt.
me-apps-deleted = Programadgangskoden er slettet.
me-apps-reauth = For at ændre programadgangskoder skal du have et frisk login: log af, log på igen (med en kode fra en af dine metoder, hvis du har en), og foretag ændringen inden for 5 minutter.
me-app-name-missing = Indtast programmets navn.
me-app-name-too-long = Navnet er for langt: brug højst 80 tegn.
me-app-address-too-long = Adressen er for lang: brug højst 300 tegn.
me-app-login-too-long = Brugernavnet er for langt: brug højst 200 tegn.
me-app-password-missing = Indtast adgangskoden.
me-app-password-too-long = Adgangskoden er for lang: brug højst 500 tegn.
me-app-too-many = Du gemmer allerede 100 programadgangskoder: slet en først.

## The default security questions (administrators' own questions are shown as written)

question-default-1 = Hvad hed dit første kæledyr?
question-default-2 = I hvilken by blev du født?
question-default-3 = Hvad hed din første skole?
question-default-4 = Hvad hedder den vej, du voksede op på?
question-default-5 = Hvilket mærke var din første bil?
question-default-6 = Hvad er fornavnet på din ældste fætter eller kusine?
question-default-7 = I hvilken by mødte dine forældre hinanden?
question-default-8 = Hvad var den første koncert, du var til?
question-default-9 = Hvad var dit kælenavn som barn?
question-default-10 = Hvad er mellemnavnet på din ældste bror eller søster?

## Notices sent by email or webhook: never a code, password or answer

notice-footer = Denne besked er sendt af Regain, din organisations logintjeneste. Svar venligst ikke på den.
notice-enrollment_declined-subject = Regain: { $user } har udskudt registreringen af sikkerhedsspørgsmål
notice-enrollment_declined-body = Brugeren { $user } valgte "Senere" i stedet for at registrere sine sikkerhedsspørgsmål den { $at }. Indtil de er registreret, kan brugeren ikke selv nulstille sin adgangskode.
notice-locked_out-subject = Regain: { $user } er spærret
notice-locked_out-body = For mange forkerte forsøg med en anden faktor spærrede { $user } den { $at }. Hvis det ikke var brugeren selv, gætter nogen måske; en administrator kan ophæve spærringen i konsollen.
notice-push_limit-subject = Regain: push-grænsen er nået for { $user }
notice-push_limit-body = Den { $at } blev en push-anmodning til { $user } afvist, fordi grænsen for push-anmodninger var nået (kilde: { $source }). Mange push-anmodninger på kort tid kan være en angriber, der håber, at én bliver godkendt.
notice-audit_write_failed-subject = Regain: en revisionspost kunne ikke skrives
notice-audit_write_failed-body = Den { $at } kunne Regain ikke skrive en revisionspost (handling { $action }, bruger { $user }), så ændringen blev ikke udført. Kontrollér databasens tilstand og ledige plads nu.
notice-password_changed-subject = Din adgangskode er ændret
notice-password_changed-body = Hej { $user }, adgangskoden til din konto blev ændret eller nulstillet den { $at }. Hvis det ikke var dig, så kontakt din helpdesk med det samme.
notice-account_unlocked-subject = Din konto er låst op
notice-account_unlocked-body = Hej { $user }, din konto blev låst op den { $at }. Hvis du ikke bad om det, så kontakt din helpdesk med det samme.
notice-temp_code_issued-subject = Der er udstedt en midlertidig logonkode til dig
notice-temp_code_issued-body = Hej { $user }, der blev udstedt en midlertidig logonkode til din konto den { $at }; den gælder til { $expires }. Selve koden sendes aldrig med e-mail. Hvis du ikke bad din helpdesk om en, så ring til dem med det samme.
notice-temp_code_used-subject = Din midlertidige logonkode er brugt
notice-temp_code_used-body = Hej { $user }, din midlertidige logonkode blev brugt den { $at } (fra { $source }). Hvis det ikke var dig, så ring til din helpdesk med det samme.
notice-temp_code_revoked-subject = Din midlertidige logonkode er tilbagekaldt
notice-temp_code_revoked-body = Hej { $user }, din midlertidige logonkode blev tilbagekaldt den { $at }; den virker ikke længere.
notice-method_enrolled-subject = Der er tilføjet en ny loginmetode til din konto
notice-method_enrolled-body = Hej { $user }, den { $at } blev der tilføjet en ny loginmetode til din konto: { $kind }. Hvis det ikke var dig, så kontakt din helpdesk med det samme.
notice-phone_changed-subject = Dit telefonnummer til logonkoder er ændret
notice-phone_changed-body = Hej { $user }, telefonnummeret til dine logonkoder blev ændret til { $number } den { $at }. Hvis det ikke var dig, så kontakt din helpdesk med det samme.
notice-test-subject = Regain: testbesked
notice-test-body = Dette er en testbesked fra Regain, sendt den { $at }. Hvis du kan læse den, når beskeder frem til denne adresse.
