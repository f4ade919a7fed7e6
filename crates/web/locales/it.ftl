# Regain's self-service pages: Italian (italiano). Same keys as en.ftl. Arguments in braces,
# such as { $min }, are filled in by the server.

## Shared

brand = Regain
app-name = Assistenza password
skip-to-content = Vai al contenuto
language-links = Lingua
start-over = Ricomincia
back-to-start = Torna all’inizio
continue = Continua
required-field = obbligatorio

## The start page (/sso/passwordhelp)

start-title = Password dimenticata?
start-intro = Inserisci il tuo nome utente. Risponderai alle tue domande di sicurezza e poi potrai scegliere una nuova password o sbloccare il tuo account.
start-username = Nome utente
start-username-hint = Il nome con cui accedi al tuo computer, ad esempio jsmith.
start-submit = Continua
start-signin-link = Accedi per gestire i miei metodi di accesso e le mie domande di sicurezza
start-empty-name = Inserisci il tuo nome utente.

## The challenge (/sso/sschallenge)

challenge-title = Rispondi alle domande di sicurezza
challenge-intro = Rispondi alle domande che hai scelto quando hai configurato l’assistenza password. Maiuscole e spazi in più non contano.
challenge-answer = Risposta
challenge-submit = Verifica le risposte
challenge-not-accepted = Le tue risposte non sono state accettate. Controllale e riprova; dopo troppi tentativi errati, l’assistenza password viene bloccata per qualche tempo.

## The push step (/sso/ssacceptnumber, /sso/sscheckpush)

push-title = Approva la richiesta sul telefono
push-intro = Abbiamo inviato una richiesta alla tua app Regain. Aprila e inserisci questo numero:
push-number-label = Numero da inserire nell’app
push-waiting = In attesa della tua risposta…
push-check-again = Controlla di nuovo
push-use-code = Non posso usare l’app: inserisci invece un codice
push-denied = La richiesta è stata rifiutata o è scaduta. Ricomincia se hai ancora bisogno di aiuto.
push-wrong-number = Il numero inserito nell’app non corrisponde a quello mostrato qui. Ricomincia.

## The code fallback (/sso/ssenteriidtokeninit, /sso/ssenteriidtoken)

code-title = Inserisci un codice
code-intro = Inserisci il codice offline della tua app Regain oppure il codice attuale della tua app di autenticazione o del tuo token.
code-label = Codice
code-submit = Verifica
code-not-accepted = Il codice non è stato accettato. Inserisci il codice attuale.

## Setting the new password (/sso/ssresetinit, /sso/ssreset)

reset-title = Scegli una nuova password
reset-intro = La tua identità è stata confermata. Scegli una nuova password per { $username }.
reset-locked-note = Il tuo account è bloccato. Impostando una nuova password verrà sbloccato. Se ricordi la password, puoi sbloccare l’account senza cambiarla.
reset-new = Nuova password
reset-again = Conferma la nuova password
reset-rules = Usa una password lunga: più parole scollegate tra loro sono facili da ricordare e difficili da indovinare. Non deve contenere il tuo nome né essere una password che hai usato di recente.
reset-strength = Sicurezza
reset-strength-0 = Molto debole
reset-strength-1 = Debole
reset-strength-2 = Discreta
reset-strength-3 = Buona
reset-strength-4 = Forte
reset-submit = Imposta la nuova password
unlock-title = Sblocca solo il mio account
unlock-submit = Sblocca il mio account
reset-mismatch = Le due password non corrispondono. Digita due volte la nuova password.

## Refusals of a new password (from Regain's rules or the directory)

pw-too-short = La password è troppo corta: usa almeno { $min } caratteri.
pw-too-short-unknown = La password è troppo corta per le regole della tua organizzazione. Usane una più lunga.
pw-too-long = La password è troppo lunga: usa al massimo { $max } caratteri.
pw-not-complex = La password non è abbastanza complessa: combina almeno { $required } tipi di caratteri tra lettere minuscole, lettere maiuscole, cifre e simboli.
pw-in-history = Hai usato questa password di recente: scegline una che non sia tra le ultime { $history }.
pw-in-history-unknown = Hai usato questa password di recente: scegline una che non hai mai usato.
pw-too-young = La password è stata cambiata troppo di recente per poterla cambiare di nuovo. Riprova più tardi o rivolgiti al supporto tecnico (per la reimpostazione self-service, la validità minima della password del dominio deve essere 0).
pw-contains-name = La password non deve contenere il tuo nome utente né il tuo nome.
pw-common = Questa password è tra le più comuni e verrebbe indovinata per prima. Scegline un’altra, ad esempio alcune parole scollegate tra loro.

## Outcomes

done-title = La password è stata cambiata
done-signed-in = Hai eseguito l’accesso alle tue pagine self-service.
done-sign-in-again = Accedi di nuovo con la nuova password.
done-sign-in-link = Accedi
done-go-to-me = Vai ai miei metodi di accesso
unlocked-title = Il tuo account è sbloccato
unlocked-text = Puoi di nuovo accedere con la tua password.
locked-title = L’assistenza password è temporaneamente bloccata
locked-text = Ci sono state troppe risposte errate. Attendi un po’ e riprova, oppure chiama il supporto tecnico.
rate-title = Troppi tentativi
rate-text = Ci sono stati troppi tentativi da questa posizione o per questo nome. Attendi dieci minuti e riprova.
unavailable-title = L’assistenza password non è disponibile
unavailable-text = La reimpostazione self-service della password è disattivata. Contatta il supporto tecnico.
helpdesk-title = Contatta il supporto tecnico
helpdesk-text = La tua identità è confermata, ma non è possibile reimpostare qui la password. Contatta il supporto tecnico.
helpdesk-disabled = Il tuo account è disabilitato o scaduto. Contatta il supporto tecnico.
helpdesk-no-push = Questa organizzazione richiede anche un’approvazione sul telefono, ma non hai configurato l’app Regain. Contatta il supporto tecnico.
helpdesk-rights = Non è stato possibile cambiare la password a causa di un problema da parte nostra. Non è stato modificato nulla. Contatta il supporto tecnico.
hours-title = Non puoi accedere in questo momento
hours-text = Gli orari di accesso del tuo account non consentono di accedere adesso, quindi al momento non è possibile nemmeno reimpostare la password. Riprova durante i tuoi orari di accesso oppure chiama il supporto tecnico.
ended-title = Questa pagina è scaduta
ended-text = L’assistenza password termina dopo dieci minuti di inattività e dopo ogni modifica. Ricomincia.
expired-form = Questo modulo è scaduto o non proviene da questo sito. Ricomincia.
unavailable-error = L’assistenza password non può completare l’operazione in questo momento. Non è stato modificato nulla. Riprova tra un minuto.

## Enrolling security questions (/me/questions)

enroll-title = Domande di sicurezza
enroll-intro = Se dimentichi la password, puoi reimpostarla in autonomia rispondendo a queste domande. Scegli { $count } domande e rispondi. Maiuscole e spazi in più non contano.
enroll-mandatory = Richiesta sempre
enroll-question = Domanda { $n }
enroll-answer = Risposta { $n }
enroll-choose = Scegli una domanda
enroll-submit = Salva le mie risposte
enroll-later = Più tardi
enroll-saved = Le tue domande di sicurezza sono state salvate.
enroll-state-enrolled = Hai configurato le domande di sicurezza il { $date }.
enroll-state-declined = Hai rimandato questa operazione il { $date }.
enroll-state-none = Non hai ancora configurato le domande di sicurezza.
enroll-must = La tua organizzazione ti chiede di configurare le domande di sicurezza prima di qualsiasi altra cosa.
enroll-change-reauth = Per modificare le risposte, conferma prima un codice da uno dei tuoi metodi (accedi di nuovo).
enroll-not-offered = I tuoi criteri utente non prevedono la reimpostazione self-service della password.
answers-wrong-count = Rispondi esattamente a { $expected } domande.
answers-unknown-question = Scegli ogni domanda una sola volta, dall’elenco.
answers-mandatory-missing = Rispondi alla domanda «{ $question }»: viene posta sempre.
answer-too-short = La risposta a «{ $question }» è troppo corta: usa almeno 3 caratteri.
answer-too-long = La risposta a «{ $question }» è troppo lunga: usa al massimo 200 caratteri.
answer-same-as-another = La risposta a «{ $question }» è uguale a un’altra risposta: dai a ogni domanda una risposta diversa.
answer-is-user-name = La risposta a «{ $question }» è il tuo nome utente: scegli una risposta che conosci solo tu.
answer-is-password = La risposta a «{ $question }» è la tua password: non usare mai la password come risposta.

## The default security questions (administrators' own questions are shown as written)

question-default-1 = Come si chiamava il tuo primo animale domestico?
question-default-2 = Qual è la tua città natale?
question-default-3 = Come si chiamava la tua prima scuola?
question-default-4 = In quale via hai trascorso l’infanzia?
question-default-5 = Di che marca era la tua prima auto?
question-default-6 = Qual è il nome del più grande dei tuoi cugini?
question-default-7 = In quale città si sono conosciuti i tuoi genitori?
question-default-8 = Qual è stato il primo concerto a cui hai assistito?
question-default-9 = Qual era il tuo soprannome d’infanzia?
question-default-10 = Qual è il secondo nome del maggiore dei tuoi fratelli?
