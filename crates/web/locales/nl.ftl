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
enroll-change-reauth = Als u uw antwoorden wilt wijzigen, bevestigt u eerst een code van een van uw methoden (meld u opnieuw aan).
enroll-not-offered = Uw gebruikersbeleid biedt geen selfservice voor het opnieuw instellen van wachtwoorden.
answers-wrong-count = Beantwoord precies { $expected } vragen.
answers-unknown-question = Kies elke vraag maar één keer, uit de lijst.
answers-mandatory-missing = Beantwoord de vraag “{ $question }”: deze wordt altijd gesteld.
answer-too-short = Het antwoord op “{ $question }” is te kort: gebruik minstens 3 tekens.
answer-too-long = Het antwoord op “{ $question }” is te lang: gebruik maximaal 200 tekens.
answer-same-as-another = Het antwoord op “{ $question }” is hetzelfde als een ander antwoord: geef elke vraag een eigen antwoord.
answer-is-user-name = Het antwoord op “{ $question }” is uw gebruikersnaam: kies een antwoord dat alleen u kent.
answer-is-password = Het antwoord op “{ $question }” is uw wachtwoord: gebruik uw wachtwoord nooit als antwoord.

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
