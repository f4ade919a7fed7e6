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

## Application passwords in password help (/sso/ssresetinit?view=apps)

apps-link = Visualizza le password delle mie applicazioni
apps-title = Le password delle tue applicazioni
apps-intro = Mostra una password solo quando ti serve: viene nascosta di nuovo dopo 60 secondi.
apps-show = Mostra la password
apps-shown = Questa password verrà nascosta di nuovo tra 60 secondi.
apps-back = Torna alla scelta di una nuova password

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
enroll-change-reauth = Per modificare le risposte, accedi di nuovo (con un codice di uno dei tuoi metodi, se ne hai uno), poi modificale entro 5 minuti.
enroll-not-offered = I tuoi criteri utente non prevedono la reimpostazione self-service della password.
answers-wrong-count = Rispondi esattamente a { $expected } domande.
answers-unknown-question = Scegli ogni domanda una sola volta, dall’elenco.
answers-mandatory-missing = Rispondi alla domanda «{ $question }»: viene posta sempre.
answer-too-short = La risposta a «{ $question }» è troppo corta: usa almeno 3 caratteri.
answer-too-long = La risposta a «{ $question }» è troppo lunga: usa al massimo 200 caratteri.
answer-same-as-another = La risposta a «{ $question }» è uguale a un’altra risposta: dai a ogni domanda una risposta diversa.
answer-is-user-name = La risposta a «{ $question }» è il tuo nome utente: scegli una risposta che conosci solo tu.
answer-is-password = La risposta a «{ $question }» è la tua password: non usare mai la password come risposta.

## The self-service pages (/me): signing in

me-app-name = I miei metodi di accesso
me-sign-out = Esci
me-login-title = Accedi
me-login-intro = Accedi con il tuo account della directory per aggiungere un'app di autenticazione, un telefono o un dispositivo push.
me-login-username = Nome utente
me-login-password = Password personale
me-login-submit = Accedi
me-login-code = Codice
me-login-verify = Verifica
me-forgot-password = Password dimenticata?
me-signed-out = Sei uscito.
me-code-sent = Password accettata. Inserisci il codice che abbiamo inviato al { $number }.
me-code-app = Password accettata. Inserisci il codice attuale della tua app di autenticazione o il codice offline della tua app push.
me-code-wrong = Il codice non è corretto. Inserisci il codice attuale.
me-refused = Accesso non riuscito: il nome utente o la password sono errati, oppure l'account è bloccato o disattivato.
me-refused-restart = Accesso non riuscito: ricomincia con il nome utente e la password.
me-no-remote-enrollment = Non hai ancora un metodo di accesso e il tuo criterio utente non consente di aggiungerne uno da remoto. Rivolgiti di persona al supporto tecnico.
me-temporary-code-required = Non hai ancora un metodo di accesso. Per aggiungerne uno da remoto, il tuo criterio richiede, oltre alla password, un codice temporaneo del supporto tecnico: chiamalo prima.
me-login-expired = Il modulo di accesso è scaduto. Riprova.
me-expired-title = Modulo scaduto
me-expired-text = Questo modulo è scaduto o non proviene da questo sito. Torna indietro, ricarica la pagina e riprova.
me-unavailable-title = Non disponibile
me-unavailable-text = Regain non può completare l'operazione in questo momento. Non è stato modificato nulla. Riprova tra un minuto.

## The self-service pages (/me): the methods

me-no-methods = Non hai ancora un secondo fattore.
me-col-method = Metodo
me-col-name = Nome
me-col-state = Stato
me-col-added = Aggiunto
me-col-last-used = Ultimo utilizzo
me-kind-otp = App di autenticazione o token OTP
me-kind-push = Autenticatore push
me-kind-phone = Numero di telefono (SMS)
me-state-active = attivo
me-state-pending = in attesa di conferma
me-never = mai
me-lost-device = Hai perso un dispositivo? Avvisa il supporto tecnico: eliminerà la registrazione in modo che nessun altro possa usarlo.
me-questions-text = Rispondi ad alcune domande per poter reimpostare da solo una password dimenticata, senza chiamare il supporto tecnico.
me-questions-link = Configura o modifica le mie domande di sicurezza
me-add-heading = Aggiungi un metodo
me-push-heading = Autenticatore push
me-push-text = Approva gli accessi sul tuo dispositivo digitando il numero mostrato dalla pagina di accesso. Funziona anche offline con un codice.
me-push-add = Aggiungi un dispositivo push
me-otp-heading = App di autenticazione
me-otp-text = Qualsiasi app che mostra codici a 6 cifre (TOTP), configurata scansionando un codice QR.
me-otp-name = Nome (facoltativo)
me-otp-name-example = App del telefono
me-otp-add = Aggiungi un'app di autenticazione
me-phone-heading = Numero di telefono per i codici SMS
me-phone-restricted = L'SMS è un metodo limitato: un messaggio può essere deviato da chiunque controlli il numero. Preferisci l'app push o un'app di autenticazione e tieni l'SMS come riserva. Un nuovo numero sostituisce quello vecchio, che viene informato della modifica.
me-phone-number = Numero di cellulare in formato internazionale
me-phone-send = Invia un codice
me-no-enrollment = Il tuo criterio utente non ti consente di aggiungere metodi da solo. Il supporto tecnico può aiutarti.
me-done-otp = La tua app di autenticazione è pronta all'uso.
me-done-phone = Il tuo telefono ora può ricevere i codici di accesso.

## The self-service pages (/me): adding a method

me-otp-title = Aggiungi un'app di autenticazione
me-otp-step-scan = Nella tua app di autenticazione, aggiungi un account e scansiona questo codice.
me-otp-step-code = Inserisci il codice a 6 cifre che l'app mostra poi.
me-otp-qr = Codice QR per la tua app di autenticazione
me-otp-manual = Non riesci a scansionare? Inserisci la chiave a mano
me-otp-key = Chiave
me-otp-key-kind = basata sul tempo, 6 cifre, ogni 30 secondi
me-otp-key-gone = mostrata solo nella prima pagina; ricomincia se non l'hai salvata
me-otp-code = Codice dell'app
me-confirm = Conferma
me-phone-title = Conferma il tuo telefono
me-phone-sent = Abbiamo inviato un codice a 6 cifre al { $number }. È valido per 5 minuti.
me-phone-code = Codice ricevuto via SMS
me-push-title = Aggiungi un dispositivo push
me-push-intro = Scansiona questo codice con l'autenticatore Regain sul tuo dispositivo, oppure usa il link qui sotto. Il link funziona una sola volta, fino al { $expires }.
me-push-qr = Codice QR con il tuo link di registrazione
me-push-cli = Autenticatore da riga di comando:
me-push-done = Fatto: torna ai miei metodi
me-error-denied = Non puoi farlo qui; chiedi al supporto tecnico.
me-error-reauth = Per cambiare il numero di telefono serve un codice recente: esci, accedi di nuovo con un codice della tua app o del tuo telefono attuale, poi cambialo entro 5 minuti.
me-error-gone = Questa registrazione non è più in sospeso: ricomincia.
me-error-number = Inserisci il numero di cellulare in formato internazionale, iniziando con + e il prefisso del paese, ad esempio +41 79 123 45 67.
me-error-sms = Non è stato possibile inviare il codice di conferma. Riprova più tardi.
me-error-code = Il codice non è corretto, oppure ci sono stati troppi codici errati. Controlla il codice e riprova; dopo troppi tentativi, attendi la fine del blocco.
me-error-invalid = Non ha funzionato. Ricomincia dalla pagina dei tuoi metodi.

## The self-service pages (/me): application passwords

me-apps-title = Password delle applicazioni
me-apps-intro = Conserva qui i dati di accesso delle tue applicazioni. Le password sono archiviate cifrate; gli amministratori non possono vederle.
me-apps-home-text = Conserva i nomi utente e le password delle tue applicazioni per ritrovarli quando ti servono.
me-apps-none = Non hai ancora password delle applicazioni.
me-apps-col-name = Applicazione
me-apps-col-address = Indirizzo
me-apps-col-login = Nome utente
me-apps-col-updated = Modificata
me-apps-edit = Modifica
me-apps-delete = Elimina
me-apps-add-heading = Aggiungi una password di un'applicazione
me-apps-edit-heading = Modifica { $name }
me-apps-name = Nome dell'applicazione
me-apps-address = Indirizzo (facoltativo)
me-apps-login = Nome utente (facoltativo)
me-apps-password = Password da conservare
me-apps-password-keep = Nuova password (lascia vuoto per mantenere quella attuale)
me-apps-save = Salva
me-apps-cancel = Torna alle password delle mie applicazioni
me-apps-saved = La password dell'applicazione è salvata.
me-apps-deleted = La password dell'applicazione è eliminata.
me-apps-reauth = Per modificare le password delle applicazioni serve un accesso recente: esci, accedi di nuovo (con un codice di uno dei tuoi metodi, se ne hai uno), poi fai la modifica entro 5 minuti.
me-app-name-missing = Inserisci il nome dell'applicazione.
me-app-name-too-long = Il nome è troppo lungo: usa al massimo 80 caratteri.
me-app-address-too-long = L'indirizzo è troppo lungo: usa al massimo 300 caratteri.
me-app-login-too-long = Il nome utente è troppo lungo: usa al massimo 200 caratteri.
me-app-password-missing = Inserisci la password.
me-app-password-too-long = La password è troppo lunga: usa al massimo 500 caratteri.
me-app-too-many = Conservi già 100 password delle applicazioni: eliminane una prima.

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

## Notices sent by email or webhook: never a code, password or answer

notice-footer = Questo messaggio è stato inviato da Regain, il servizio di accesso della tua organizzazione. Non rispondere.
notice-enrollment_declined-subject = Regain: { $user } ha rimandato la registrazione delle domande di sicurezza
notice-enrollment_declined-body = L'utente { $user } ha scelto «Più tardi» invece di registrare le domande di sicurezza, il { $at }. Finché non le registra, non può reimpostare da solo la password.
notice-locked_out-subject = Regain: { $user } è bloccato
notice-locked_out-body = Troppi tentativi errati del secondo fattore hanno bloccato { $user } il { $at }. Se non era questa persona, qualcuno potrebbe tentare di indovinare; un amministratore può sbloccare l'account dalla console.
notice-push_limit-subject = Regain: raggiunto il limite di notifiche push per { $user }
notice-push_limit-body = Il { $at } una notifica push per { $user } è stata rifiutata perché era stato raggiunto il limite di richieste push (origine: { $source }). Molte notifiche in poco tempo possono indicare un attaccante che spera che una venga approvata.
notice-audit_write_failed-subject = Regain: impossibile scrivere una voce di audit
notice-audit_write_failed-body = Il { $at } Regain non ha potuto scrivere una voce di audit (azione { $action }, utente { $user }), quindi la modifica non è stata eseguita. Controlla subito lo stato e lo spazio libero del database.
notice-password_changed-subject = La tua password è stata cambiata
notice-password_changed-body = Ciao { $user }, la password del tuo account è stata cambiata o reimpostata il { $at }. Se non sei stato tu, contatta subito l'helpdesk.
notice-account_unlocked-subject = Il tuo account è stato sbloccato
notice-account_unlocked-body = Ciao { $user }, il tuo account è stato sbloccato il { $at }. Se non l'hai richiesto, contatta subito l'helpdesk.
notice-temp_code_issued-subject = È stato emesso un codice di accesso temporaneo per te
notice-temp_code_issued-body = Ciao { $user }, il { $at } è stato emesso un codice di accesso temporaneo per il tuo account; è valido fino al { $expires }. Il codice non viene mai inviato per e-mail. Se non l'hai chiesto all'helpdesk, chiamalo subito.
notice-temp_code_used-subject = Il tuo codice di accesso temporaneo è stato usato
notice-temp_code_used-body = Ciao { $user }, il tuo codice di accesso temporaneo è stato usato il { $at } (da { $source }). Se non sei stato tu, chiama subito l'helpdesk.
notice-temp_code_revoked-subject = Il tuo codice di accesso temporaneo è stato revocato
notice-temp_code_revoked-body = Ciao { $user }, il tuo codice di accesso temporaneo è stato revocato il { $at }; non funziona più.
notice-method_enrolled-subject = Al tuo account è stato aggiunto un nuovo metodo di accesso
notice-method_enrolled-body = Ciao { $user }, il { $at } al tuo account è stato aggiunto un nuovo metodo di accesso: { $kind }. Se non sei stato tu, contatta subito l'helpdesk.
notice-phone_changed-subject = Il tuo numero di telefono per i codici di accesso è stato cambiato
notice-phone_changed-body = Ciao { $user }, il numero di telefono per i tuoi codici di accesso è stato cambiato in { $number } il { $at }. Se non sei stato tu, contatta subito l'helpdesk.
notice-test-subject = Regain: messaggio di prova
notice-test-body = Questo è un messaggio di prova di Regain, inviato il { $at }. Se riesci a leggerlo, le notifiche arrivano a questo indirizzo.
