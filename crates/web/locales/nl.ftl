# Regain's self-service pages: Dutch (Nederlands). Same keys as en.ftl. Arguments in braces,
# such as { $min }, are filled in by the server.

## Shared

brand = Regain
app-name = Wachtwoordhulp
skip-to-content = Naar de inhoud
language-links = Taal
start-over = Opnieuw beginnen
back-to-start = Terug naar het begin
continue = Doorgaan
required-field = verplicht

## The start page (/sso/passwordhelp)

start-title = Wachtwoord vergeten?
start-intro = Voer uw gebruikersnaam in. U beantwoordt uw beveiligingsvragen en daarna kunt u een nieuw wachtwoord kiezen of uw account ontgrendelen.
start-username = Gebruikersnaam
start-username-hint = De naam waarmee u zich aanmeldt op uw computer, bijvoorbeeld jsmith.
start-submit = Doorgaan
start-signin-link = Aanmelden om mijn aanmeldmethoden en beveiligingsvragen te beheren
start-empty-name = Voer uw gebruikersnaam in.

## The challenge (/sso/sschallenge)

challenge-title = Beantwoord uw beveiligingsvragen
challenge-intro = Beantwoord de vragen die u hebt gekozen toen u wachtwoordhulp instelde. Hoofdletters en extra spaties maken niet uit.
challenge-answer = Antwoord
challenge-submit = Mijn antwoorden controleren
challenge-not-accepted = Uw antwoorden zijn niet geaccepteerd. Controleer ze en probeer het opnieuw. Na te veel onjuiste pogingen wordt wachtwoordhulp een tijdje geblokkeerd.

## The push step (/sso/ssacceptnumber, /sso/sscheckpush)

push-title = Keur de aanvraag goed op uw telefoon
push-intro = We hebben een aanvraag naar uw Regain-app gestuurd. Open de app en voer dit getal in:
push-number-label = Getal om in de app in te voeren
push-waiting = Wachten op uw antwoord…
push-check-again = Opnieuw controleren
push-use-code = Ik kan de app niet gebruiken: in plaats daarvan een code invoeren
push-denied = De aanvraag is geweigerd of verlopen. Begin opnieuw als u nog steeds hulp nodig hebt.
push-wrong-number = Het getal dat in de app is ingevoerd, is niet het getal dat hier wordt weergegeven. Begin opnieuw.

## The code fallback (/sso/ssenteriidtokeninit, /sso/ssenteriidtoken)

code-title = Voer een code in
code-intro = Voer de offlinecode uit uw Regain-app in, of de huidige code uit uw authenticator-app of token.
code-label = Verificatiecode
code-submit = Verifiëren
code-not-accepted = Die code is niet geaccepteerd. Voer de huidige code in.

## Setting the new password (/sso/ssresetinit, /sso/ssreset)

reset-title = Kies een nieuw wachtwoord
reset-intro = Uw identiteit is bevestigd. Kies een nieuw wachtwoord voor { $username }.
reset-locked-note = Uw account is vergrendeld. Als u een nieuw wachtwoord instelt, wordt het ontgrendeld. Als u uw wachtwoord nog weet, kunt u het account ontgrendelen zonder het wachtwoord te wijzigen.
reset-new = Nieuw wachtwoord
reset-again = Nieuw wachtwoord herhalen
reset-rules = Gebruik een lang wachtwoord: een paar losse, niet-verwante woorden zijn makkelijk te onthouden en moeilijk te raden. Het mag uw naam niet bevatten en mag geen wachtwoord zijn dat u onlangs hebt gebruikt.
reset-strength = Sterkte
reset-strength-0 = Zeer zwak
reset-strength-1 = Zwak
reset-strength-2 = Redelijk
reset-strength-3 = Goed
reset-strength-4 = Sterk
reset-submit = Nieuw wachtwoord instellen
unlock-title = Alleen mijn account ontgrendelen
unlock-submit = Mijn account ontgrendelen
reset-mismatch = De twee wachtwoorden komen niet overeen. Typ het nieuwe wachtwoord twee keer.

## Refusals of a new password (from Regain's rules or the directory)

pw-too-short = Het wachtwoord is te kort: gebruik minstens { $min } tekens.
pw-too-short-unknown = Het wachtwoord is te kort volgens de regels van uw organisatie. Gebruik een langer wachtwoord.
pw-too-long = Het wachtwoord is te lang: gebruik maximaal { $max } tekens.
pw-not-complex = Het wachtwoord is niet complex genoeg: combineer minstens { $required } van de volgende soorten tekens: kleine letters, hoofdletters, cijfers en symbolen.
pw-in-history = U hebt dit wachtwoord onlangs gebruikt: kies er een dat niet bij uw laatste { $history } wachtwoorden hoort.
pw-in-history-unknown = U hebt dit wachtwoord onlangs gebruikt: kies er een dat u nog niet eerder hebt gebruikt.
pw-too-young = Uw wachtwoord is te kort geleden gewijzigd om het nu opnieuw te wijzigen. Probeer het later opnieuw of neem contact op met uw helpdesk (voor selfservice-herstel moet de minimale wachtwoordduur van het domein op 0 staan).
pw-contains-name = Het wachtwoord mag uw gebruikersnaam en uw naam niet bevatten.
pw-common = Dit wachtwoord is een van de meest gebruikte wachtwoorden en wordt als eerste geraden. Kies een ander wachtwoord, bijvoorbeeld een paar niet-verwante woorden.

## Outcomes

done-title = Uw wachtwoord is gewijzigd
done-signed-in = U bent nu aangemeld bij uw selfservicepagina's.
done-sign-in-again = Meld u opnieuw aan met uw nieuwe wachtwoord.
done-sign-in-link = Aanmelden
done-go-to-me = Naar mijn aanmeldmethoden
unlocked-title = Uw account is ontgrendeld
unlocked-text = U kunt zich weer aanmelden met uw wachtwoord.
locked-title = Wachtwoordhulp is tijdelijk geblokkeerd
locked-text = Er zijn te veel onjuiste antwoorden gegeven. Wacht even en probeer het opnieuw, of bel uw helpdesk.
rate-title = Te veel pogingen
rate-text = Er zijn te veel pogingen gedaan vanaf deze locatie of voor deze naam. Wacht tien minuten en probeer het opnieuw.
unavailable-title = Wachtwoordhulp is niet beschikbaar
unavailable-text = Selfservice voor het opnieuw instellen van wachtwoorden is uitgeschakeld. Neem contact op met uw helpdesk.
helpdesk-title = Neem contact op met uw helpdesk
helpdesk-text = Uw identiteit is bevestigd, maar uw wachtwoord kan hier niet opnieuw worden ingesteld. Neem contact op met uw helpdesk.
helpdesk-disabled = Uw account is uitgeschakeld of verlopen. Neem contact op met uw helpdesk.
helpdesk-no-push = Deze organisatie vraagt ook om goedkeuring op uw telefoon, en u hebt geen Regain-app ingesteld. Neem contact op met uw helpdesk.
helpdesk-rights = Uw wachtwoord kon niet worden gewijzigd door een probleem aan onze kant. Er is niets gewijzigd. Neem contact op met uw helpdesk.
hours-title = U kunt zich op dit moment niet aanmelden
hours-text = Volgens de aanmeldtijden van uw account kunt u zich nu niet aanmelden, dus kan het wachtwoord nu ook niet opnieuw worden ingesteld. Probeer het opnieuw binnen uw aanmeldtijden, of bel uw helpdesk.
ended-title = Deze pagina is verlopen
ended-text = Wachtwoordhulp stopt na tien minuten zonder activiteit en na elke wijziging. Begin opnieuw.
expired-form = Dit formulier is verlopen of is niet afkomstig van deze site. Begin opnieuw.
unavailable-error = Wachtwoordhulp kan dit nu niet voltooien. Er is niets gewijzigd. Probeer het over een minuut opnieuw.

## Application passwords in password help (/sso/ssresetinit?view=apps)

apps-link = Mijn applicatiewachtwoorden bekijken
apps-title = Uw applicatiewachtwoorden
apps-intro = Toon een wachtwoord alleen als u het nodig hebt: na 60 seconden wordt het weer verborgen.
apps-show = Wachtwoord tonen
apps-shown = Dit wachtwoord wordt over 60 seconden weer verborgen.
apps-back = Terug naar het kiezen van een nieuw wachtwoord

## Enrolling security questions (/me/questions)

enroll-title = Beveiligingsvragen
enroll-intro = Als u uw wachtwoord vergeet, kunt u het zelf opnieuw instellen door deze vragen te beantwoorden. Kies { $count } vragen en beantwoord ze. Hoofdletters en extra spaties maken niet uit.
enroll-mandatory = Wordt altijd gevraagd
enroll-question = Vraag { $n }
enroll-answer = Antwoord { $n }
enroll-choose = Kies een vraag
enroll-submit = Mijn antwoorden opslaan
enroll-later = Niet nu
enroll-saved = Uw beveiligingsvragen zijn opgeslagen.
enroll-state-enrolled = U hebt uw beveiligingsvragen ingesteld op { $date }.
enroll-state-declined = U hebt dit uitgesteld op { $date }.
enroll-state-none = U hebt nog geen beveiligingsvragen ingesteld.
enroll-must = Uw organisatie vraagt u om eerst uw beveiligingsvragen in te stellen.
enroll-change-reauth = Als u uw antwoorden wilt wijzigen, meldt u zich opnieuw aan (met een code van een van uw methoden, als u die hebt) en wijzigt u ze binnen 5 minuten.
enroll-not-offered = Uw gebruikersbeleid biedt geen selfservice voor het opnieuw instellen van wachtwoorden.
answers-wrong-count = Beantwoord precies { $expected } vragen.
answers-unknown-question = Kies elke vraag maar één keer, uit de lijst.
answers-mandatory-missing = Beantwoord de vraag “{ $question }”: deze wordt altijd gesteld.
answer-too-short = Het antwoord op “{ $question }” is te kort: gebruik minstens 3 tekens.
answer-too-long = Het antwoord op “{ $question }” is te lang: gebruik maximaal 200 tekens.
answer-same-as-another = Het antwoord op “{ $question }” is hetzelfde als een ander antwoord: geef elke vraag een eigen antwoord.
answer-is-user-name = Het antwoord op “{ $question }” is uw gebruikersnaam: kies een antwoord dat alleen u kent.
answer-is-password = Het antwoord op “{ $question }” is uw wachtwoord: gebruik uw wachtwoord nooit als antwoord.

## The self-service pages (/me): signing in

me-app-name = Mijn aanmeldmethoden
me-sign-out = Afmelden
me-login-title = Aanmelden
me-login-intro = Meld u aan met uw directoryaccount om een authenticator-app, een telefoon of een pushapparaat toe te voegen.
me-login-username = Gebruikersnaam
me-login-password = Wachtwoord
me-login-submit = Aanmelden
me-login-code = Verificatiecode
me-login-verify = Controleren
me-forgot-password = Wachtwoord vergeten?
me-signed-out = U bent afgemeld.
me-code-sent = Wachtwoord geaccepteerd. Voer de code in die we naar { $number } hebben gestuurd.
me-code-app = Wachtwoord geaccepteerd. Voer de huidige code uit uw authenticator-app in, of de offlinecode van uw push-app.
me-code-wrong = Die code klopt niet. Voer de huidige code in.
me-refused = Aanmelden mislukt: de gebruikersnaam of het wachtwoord is onjuist, of het account is vergrendeld of uitgeschakeld.
me-refused-restart = Aanmelden mislukt: begin opnieuw met uw gebruikersnaam en wachtwoord.
me-no-remote-enrollment = U hebt nog geen aanmeldmethode, en uw gebruikersbeleid staat niet toe er op afstand een toe te voegen. Ga persoonlijk langs bij uw helpdesk.
me-temporary-code-required = U hebt nog geen aanmeldmethode. Om er op afstand een toe te voegen, vraagt uw beleid naast uw wachtwoord om een tijdelijke code van uw helpdesk: bel hen eerst.
me-login-expired = Het aanmeldformulier is verlopen. Probeer het opnieuw.
me-expired-title = Formulier verlopen
me-expired-text = Dit formulier is verlopen of kwam niet van deze site. Ga terug, laad de pagina opnieuw en probeer het nog eens.
me-unavailable-title = Niet beschikbaar
me-unavailable-text = Regain kan dit nu niet afronden. Er is niets gewijzigd. Probeer het over een minuut opnieuw.

## The self-service pages (/me): the methods

me-no-methods = U hebt nog geen tweede factor.
me-col-method = Methode
me-col-name = Naam
me-col-state = Status
me-col-added = Toegevoegd
me-col-last-used = Laatst gebruikt
me-kind-otp = Authenticator-app of OTP-token
me-kind-push = Push-authenticator
me-kind-phone = Telefoonnummer (sms)
me-state-active = actief
me-state-pending = wacht op bevestiging
me-never = nooit
me-lost-device = Apparaat kwijt? Meld het bij uw helpdesk: zij verwijderen de registratie zodat niemand anders het kan gebruiken.
me-questions-text = Beantwoord een paar vragen, zodat u een vergeten wachtwoord zelf kunt herstellen zonder de helpdesk te bellen.
me-questions-link = Mijn beveiligingsvragen instellen of wijzigen
me-add-heading = Een methode toevoegen
me-push-heading = Push-authenticator
me-push-text = Keur aanmeldingen goed op uw apparaat door het getal te typen dat de aanmeldpagina toont. Werkt ook offline met een code.
me-push-add = Een pushapparaat toevoegen
me-otp-heading = Authenticator-app
me-otp-text = Elke app die codes van 6 cijfers (TOTP) toont, ingesteld door een QR-code te scannen.
me-otp-name = Naam (optioneel)
me-otp-name-example = App op de telefoon
me-otp-add = Een authenticator-app toevoegen
me-phone-heading = Telefoonnummer voor sms-codes
me-phone-restricted = Sms is een beperkte methode: een bericht kan worden omgeleid door wie het nummer beheert. Geef de voorkeur aan de push-app of een authenticator-app, en houd sms als reserve. Een nieuw nummer vervangt het oude, dat over de wijziging wordt ingelicht.
me-phone-number = Mobiel nummer in internationale notatie
me-phone-send = Een code sturen
me-no-enrollment = Uw gebruikersbeleid staat niet toe dat u zelf methoden toevoegt. Uw helpdesk kan helpen.
me-done-otp = Uw authenticator-app is klaar voor gebruik.
me-done-phone = Uw telefoon kan nu aanmeldcodes ontvangen.

## The self-service pages (/me): adding a method

me-otp-title = Een authenticator-app toevoegen
me-otp-step-scan = Voeg in uw authenticator-app een account toe en scan deze code.
me-otp-step-code = Voer de code van 6 cijfers in die de app daarna toont.
me-otp-qr = QR-code voor uw authenticator-app
me-otp-manual = Scannen lukt niet? Voer de sleutel met de hand in
me-otp-key = Sleutel
me-otp-key-kind = tijdgebaseerd, 6 cijfers, elke 30 seconden
me-otp-key-gone = alleen op de eerste pagina getoond; begin opnieuw als u hem niet hebt bewaard
me-otp-code = Code uit de app
me-confirm = Bevestigen
me-phone-title = Uw telefoon bevestigen
me-phone-sent = We hebben een code van 6 cijfers naar { $number } gestuurd. Die is 5 minuten geldig.
me-phone-code = Code uit de sms
me-push-title = Een pushapparaat toevoegen
me-push-intro = Scan deze code met de Regain-authenticator op uw apparaat, of gebruik de link hieronder. De link werkt één keer, tot { $expires }.
me-push-qr = QR-code met uw registratielink
me-push-cli = Authenticator voor de opdrachtregel:
me-push-done = Klaar: terug naar mijn methoden
me-error-denied = Dat mag u hier niet doen; vraag het uw helpdesk.
me-error-reauth = Om uw telefoonnummer te wijzigen hebt u een verse code nodig: meld u af, meld u opnieuw aan met een code uit uw app of van uw huidige telefoon, en wijzig het binnen 5 minuten.
me-error-gone = Die registratie staat niet meer open: begin opnieuw.
me-error-number = Voer het mobiele nummer in internationale notatie in, beginnend met + en de landcode, bijvoorbeeld +41 79 123 45 67.
me-error-sms = De bevestigingscode kon niet worden verstuurd. Probeer het later opnieuw.
me-error-code = Die code klopt niet, of er waren te veel verkeerde codes. Controleer de code en probeer het opnieuw; wacht na te veel pogingen tot de vergrendeling voorbij is.
me-error-invalid = Dat is niet gelukt. Begin opnieuw vanaf de pagina met uw methoden.

## The self-service pages (/me): application passwords

me-apps-title = Applicatiewachtwoorden
me-apps-intro = Bewaar hier de aanmeldgegevens van uw applicaties. De wachtwoorden worden versleuteld opgeslagen; beheerders kunnen ze niet zien.
me-apps-home-text = Bewaar de gebruikersnamen en wachtwoorden van uw applicaties, om ze op te zoeken wanneer u ze nodig hebt.
me-apps-none = U hebt nog geen applicatiewachtwoorden.
me-apps-col-name = Applicatie
me-apps-col-address = Adres
me-apps-col-login = Gebruikersnaam
me-apps-col-updated = Gewijzigd
me-apps-edit = Bewerken
me-apps-delete = Verwijderen
me-apps-add-heading = Een applicatiewachtwoord toevoegen
me-apps-edit-heading = { $name } wijzigen
me-apps-name = Naam van de applicatie
me-apps-address = Adres (optioneel)
me-apps-login = Gebruikersnaam (optioneel)
me-apps-password = Wachtwoord
me-apps-password-keep = Nieuw wachtwoord (laat leeg om het huidige te houden)
me-apps-save = Opslaan
me-apps-cancel = Terug naar mijn applicatiewachtwoorden
me-apps-saved = Het applicatiewachtwoord is opgeslagen.
me-apps-deleted = Het applicatiewachtwoord is verwijderd.
me-apps-reauth = Voor het wijzigen van applicatiewachtwoorden is een verse aanmelding nodig: meld u af, meld u opnieuw aan (met een code van een van uw methoden, als u die hebt) en voer de wijziging binnen 5 minuten uit.
me-app-name-missing = Voer de naam van de applicatie in.
me-app-name-too-long = De naam is te lang: gebruik hoogstens 80 tekens.
me-app-address-too-long = Het adres is te lang: gebruik hoogstens 300 tekens.
me-app-login-too-long = De gebruikersnaam is te lang: gebruik hoogstens 200 tekens.
me-app-password-missing = Voer het wachtwoord in.
me-app-password-too-long = Het wachtwoord is te lang: gebruik hoogstens 500 tekens.
me-app-too-many = U bewaart al 100 applicatiewachtwoorden: verwijder er eerst een.

## The default security questions (administrators' own questions are shown as written)

question-default-1 = Wat was de naam van uw eerste huisdier?
question-default-2 = In welke plaats bent u geboren?
question-default-3 = Wat was de naam van uw eerste school?
question-default-4 = In welke straat bent u opgegroeid?
question-default-5 = Welk merk was uw eerste auto?
question-default-6 = Wat is de voornaam van uw oudste neef of nicht?
question-default-7 = In welke plaats hebben uw ouders elkaar leren kennen?
question-default-8 = Wat was het eerste concert dat u bijwoonde?
question-default-9 = Wat was uw bijnaam als kind?
question-default-10 = Wat is de tweede voornaam van uw oudste broer of zus?

## Notices sent by email or webhook: never a code, password or answer

notice-footer = Dit bericht is verzonden door Regain, de aanmeldservice van uw organisatie. Beantwoord het niet.
notice-enrollment_declined-subject = Regain: { $user } heeft het instellen van beveiligingsvragen uitgesteld
notice-enrollment_declined-body = De gebruiker { $user } koos op { $at } voor 'Later' in plaats van beveiligingsvragen in te stellen. Zolang dat niet is gebeurd, kan hij zijn wachtwoord niet zelf herstellen.
notice-locked_out-subject = Regain: { $user } is geblokkeerd
notice-locked_out-body = Te veel verkeerde pogingen met een tweede factor hebben { $user } op { $at } geblokkeerd. Als dat niet de gebruiker zelf was, probeert iemand misschien te raden; een beheerder kan het account in de console deblokkeren.
notice-push_limit-subject = Regain: pushlimiet bereikt voor { $user }
notice-push_limit-body = Op { $at } is een pushmelding voor { $user } geweigerd omdat de limiet voor pushverzoeken was bereikt (bron: { $source }). Veel pushmeldingen in korte tijd kunnen van een aanvaller komen die hoopt dat er één wordt goedgekeurd.
notice-audit_write_failed-subject = Regain: een auditregel kon niet worden geschreven
notice-audit_write_failed-body = Op { $at } kon Regain geen auditregel schrijven (actie { $action }, gebruiker { $user }), dus de wijziging is niet doorgevoerd. Controleer nu de toestand en de vrije ruimte van de database.
notice-password_changed-subject = Uw wachtwoord is gewijzigd
notice-password_changed-body = Hallo { $user }, het wachtwoord van uw account is op { $at } gewijzigd of hersteld. Was u dit niet, neem dan direct contact op met uw helpdesk.
notice-account_unlocked-subject = Uw account is gedeblokkeerd
notice-account_unlocked-body = Hallo { $user }, uw account is op { $at } gedeblokkeerd. Hebt u hier niet om gevraagd, neem dan direct contact op met uw helpdesk.
notice-temp_code_issued-subject = Er is een tijdelijke aanmeldcode voor u uitgegeven
notice-temp_code_issued-body = Hallo { $user }, op { $at } is een tijdelijke aanmeldcode voor uw account uitgegeven; die is geldig tot { $expires }. De code zelf wordt nooit per e-mail verstuurd. Hebt u uw helpdesk er niet om gevraagd, bel dan direct.
notice-temp_code_used-subject = Uw tijdelijke aanmeldcode is gebruikt
notice-temp_code_used-body = Hallo { $user }, uw tijdelijke aanmeldcode is op { $at } gebruikt (vanaf { $source }). Was u dit niet, bel dan direct uw helpdesk.
notice-temp_code_revoked-subject = Uw tijdelijke aanmeldcode is ingetrokken
notice-temp_code_revoked-body = Hallo { $user }, uw tijdelijke aanmeldcode is op { $at } ingetrokken; hij werkt niet meer.
notice-method_enrolled-subject = Er is een nieuwe aanmeldmethode aan uw account toegevoegd
notice-method_enrolled-body = Hallo { $user }, op { $at } is een nieuwe aanmeldmethode aan uw account toegevoegd: { $kind }. Was u dit niet, neem dan direct contact op met uw helpdesk.
notice-phone_changed-subject = Uw telefoonnummer voor aanmeldcodes is gewijzigd
notice-phone_changed-body = Hallo { $user }, het telefoonnummer voor uw aanmeldcodes is op { $at } gewijzigd in { $number }. Was u dit niet, neem dan direct contact op met uw helpdesk.
notice-test-subject = Regain: testbericht
notice-test-body = Dit is een testbericht van Regain, verzonden op { $at }. Kunt u het lezen, dan bereiken meldingen dit adres.
