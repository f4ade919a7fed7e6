# Regain's self-service pages: French (français). Same keys as en.ftl. Arguments in braces,
# such as { $min }, are filled in by the server.

## Shared

brand = Regain
app-name = Aide pour le mot de passe
skip-to-content = Aller au contenu
language-links = Langue
start-over = Recommencer
back-to-start = Retour au début
continue = Continuer
required-field = obligatoire

## The start page (/sso/passwordhelp)

start-title = Mot de passe oublié ?
start-intro = Saisissez votre nom d’utilisateur. Vous répondrez à vos questions de sécurité, puis vous pourrez choisir un nouveau mot de passe ou déverrouiller votre compte.
start-username = Nom d’utilisateur
start-username-hint = Le nom avec lequel vous vous connectez à votre ordinateur, par exemple jsmith.
start-submit = Continuer
start-signin-link = Se connecter pour gérer mes méthodes de connexion et mes questions de sécurité
start-empty-name = Saisissez votre nom d’utilisateur.

## The challenge (/sso/sschallenge)

challenge-title = Répondez à vos questions de sécurité
challenge-intro = Répondez aux questions que vous avez choisies lors de la configuration de l’aide pour le mot de passe. Les majuscules et les espaces superflus ne sont pas pris en compte.
challenge-answer = Réponse
challenge-submit = Vérifier mes réponses
challenge-not-accepted = Vos réponses n’ont pas été acceptées. Vérifiez-les et réessayez ; après trop de tentatives infructueuses, l’aide pour le mot de passe est verrouillée pendant un certain temps.

## The push step (/sso/ssacceptnumber, /sso/sscheckpush)

push-title = Approuvez la demande sur votre téléphone
push-intro = Nous avons envoyé une demande à votre application Regain. Ouvrez-la et saisissez ce nombre :
push-number-label = Nombre à saisir dans l’application
push-waiting = En attente de votre réponse…
push-check-again = Vérifier à nouveau
push-use-code = Je ne peux pas utiliser l’application : saisir un code à la place
push-denied = La demande a été refusée ou a expiré. Recommencez si vous avez toujours besoin d’aide.
push-wrong-number = Le nombre saisi dans l’application ne correspond pas à celui affiché ici. Recommencez.

## The code fallback (/sso/ssenteriidtokeninit, /sso/ssenteriidtoken)

code-title = Saisir un code
code-intro = Saisissez le code hors ligne de votre application Regain, ou le code actuel de votre application d’authentification ou de votre jeton.
code-label = Code de vérification
code-submit = Vérifier
code-not-accepted = Ce code n’a pas été accepté. Saisissez le code actuel.

## Setting the new password (/sso/ssresetinit, /sso/ssreset)

reset-title = Choisissez un nouveau mot de passe
reset-intro = Votre identité est confirmée. Choisissez un nouveau mot de passe pour { $username }.
reset-locked-note = Votre compte est verrouillé. La définition d’un nouveau mot de passe le déverrouille. Si vous vous souvenez de votre mot de passe, vous pouvez déverrouiller le compte sans le modifier.
reset-new = Nouveau mot de passe
reset-again = Confirmer le nouveau mot de passe
reset-rules = Utilisez un mot de passe long : plusieurs mots sans rapport entre eux sont faciles à retenir et difficiles à deviner. Il ne doit pas contenir votre nom ni être un mot de passe que vous avez utilisé récemment.
reset-strength = Robustesse
reset-strength-0 = Très faible
reset-strength-1 = Faible
reset-strength-2 = Moyen
reset-strength-3 = Bon
reset-strength-4 = Fort
reset-submit = Définir le nouveau mot de passe
unlock-title = Déverrouiller uniquement mon compte
unlock-submit = Déverrouiller mon compte
reset-mismatch = Les deux mots de passe ne sont pas identiques. Saisissez deux fois le nouveau mot de passe.

## Refusals of a new password (from Regain's rules or the directory)

pw-too-short = Le mot de passe est trop court : utilisez au moins { $min } caractères.
pw-too-short-unknown = Le mot de passe est trop court selon les règles de votre organisation. Choisissez-en un plus long.
pw-too-long = Le mot de passe est trop long : utilisez au maximum { $max } caractères.
pw-not-complex = Le mot de passe n’est pas assez complexe : combinez au moins { $required } types de caractères parmi les minuscules, les majuscules, les chiffres et les symboles.
pw-in-history = Vous avez utilisé ce mot de passe récemment : choisissez-en un qui ne figure pas parmi vos { $history } derniers.
pw-in-history-unknown = Vous avez utilisé ce mot de passe récemment : choisissez-en un que vous n’avez jamais utilisé.
pw-too-young = Votre mot de passe a été modifié trop récemment pour pouvoir être modifié à nouveau. Réessayez plus tard ou contactez votre support informatique (la durée de vie minimale du mot de passe du domaine doit être de 0 pour les réinitialisations en libre-service).
pw-contains-name = Le mot de passe ne doit contenir ni votre nom d’utilisateur ni votre nom.
pw-common = Ce mot de passe fait partie des plus courants et serait deviné en premier. Choisissez-en un autre, par exemple quelques mots sans rapport entre eux.

## Outcomes

done-title = Votre mot de passe a été modifié
done-signed-in = Votre session est maintenant ouverte sur vos pages en libre-service.
done-sign-in-again = Reconnectez-vous avec votre nouveau mot de passe.
done-sign-in-link = Se connecter
done-go-to-me = Accéder à mes méthodes de connexion
unlocked-title = Votre compte est déverrouillé
unlocked-text = Vous pouvez de nouveau vous connecter avec votre mot de passe.
locked-title = L’aide pour le mot de passe est temporairement verrouillée
locked-text = Il y a eu trop de réponses incorrectes. Patientez un moment et réessayez, ou appelez votre support informatique.
rate-title = Trop de tentatives
rate-text = Il y a eu trop de tentatives depuis cet emplacement ou pour ce nom. Patientez dix minutes et réessayez.
unavailable-title = L’aide pour le mot de passe n’est pas disponible
unavailable-text = La réinitialisation du mot de passe en libre-service est désactivée. Veuillez contacter votre support informatique.
helpdesk-title = Veuillez contacter votre support informatique
helpdesk-text = Votre identité est confirmée, mais votre mot de passe ne peut pas être réinitialisé ici. Veuillez contacter votre support informatique.
helpdesk-disabled = Votre compte est désactivé ou a expiré. Veuillez contacter votre support informatique.
helpdesk-no-push = Cette organisation demande également une approbation sur votre téléphone, et aucune application Regain n’est configurée pour vous. Veuillez contacter votre support informatique.
helpdesk-rights = Votre mot de passe n’a pas pu être modifié en raison d’un problème de notre côté. Aucune modification n’a été effectuée. Veuillez contacter votre support informatique.
hours-title = Vous ne pouvez pas vous connecter pour le moment
hours-text = Les horaires de connexion de votre compte ne vous permettent pas de vous connecter maintenant ; le mot de passe ne peut donc pas non plus être réinitialisé pour l’instant. Réessayez pendant vos horaires de connexion, ou appelez votre support informatique.
ended-title = Cette page a expiré
ended-text = L’aide pour le mot de passe prend fin après dix minutes d’inactivité, ainsi qu’après chaque modification. Recommencez.
expired-form = Ce formulaire a expiré ou ne provient pas de ce site. Recommencez.
unavailable-error = L’aide pour le mot de passe ne peut pas terminer cette opération pour le moment. Aucune modification n’a été effectuée. Réessayez dans une minute.

## Application passwords in password help (/sso/ssresetinit?view=apps)

apps-link = Voir mes mots de passe d’applications
apps-title = Vos mots de passe d’applications
apps-intro = N’affichez un mot de passe que lorsque vous en avez besoin : il est masqué de nouveau après 60 secondes.
apps-show = Afficher le mot de passe
apps-shown = Ce mot de passe sera masqué de nouveau dans 60 secondes.
apps-back = Retour au choix d’un nouveau mot de passe

## Enrolling security questions (/me/questions)

enroll-title = Questions de sécurité
enroll-intro = Si vous oubliez votre mot de passe, vous pouvez le réinitialiser vous-même en répondant à ces questions. Choisissez { $count } questions et répondez-y. Les majuscules et les espaces superflus ne sont pas pris en compte.
enroll-mandatory = Toujours posée
enroll-question = Question n° { $n }
enroll-answer = Réponse n° { $n }
enroll-choose = Choisissez une question
enroll-submit = Enregistrer mes réponses
enroll-later = Plus tard
enroll-saved = Vos questions de sécurité sont enregistrées.
enroll-state-enrolled = Vous avez configuré vos questions de sécurité le { $date }.
enroll-state-declined = Vous avez reporté cette étape le { $date }.
enroll-state-none = Vous n’avez pas encore configuré de questions de sécurité.
enroll-must = Votre organisation vous demande de configurer vos questions de sécurité avant toute autre chose.
enroll-change-reauth = Pour modifier vos réponses, reconnectez-vous (avec un code de l’une de vos méthodes, si vous en avez une), puis modifiez-les dans les 5 minutes.
enroll-not-offered = Votre stratégie utilisateur ne propose pas la réinitialisation du mot de passe en libre-service.
answers-wrong-count = Répondez à exactement { $expected } questions.
answers-unknown-question = Choisissez chaque question une seule fois, dans la liste.
answers-mandatory-missing = Répondez à la question « { $question } » : elle est toujours posée.
answer-too-short = La réponse à « { $question } » est trop courte : utilisez au moins 3 caractères.
answer-too-long = La réponse à « { $question } » est trop longue : utilisez au maximum 200 caractères.
answer-same-as-another = La réponse à « { $question } » est identique à une autre réponse : donnez à chaque question sa propre réponse.
answer-is-user-name = La réponse à « { $question } » est votre nom d’utilisateur : choisissez une réponse que personne d’autre ne connaît.
answer-is-password = La réponse à « { $question } » est votre mot de passe : n’utilisez jamais votre mot de passe comme réponse.

## The self-service pages (/me): signing in

me-app-name = Mes méthodes de connexion
me-sign-out = Se déconnecter
me-login-title = Connexion
me-login-intro = Connectez-vous avec votre compte d’annuaire pour ajouter une application d’authentification, un téléphone ou un appareil push.
me-login-username = Nom d’utilisateur
me-login-password = Mot de passe
me-login-submit = Se connecter
me-login-code = Code de vérification
me-login-verify = Vérifier
me-forgot-password = Mot de passe oublié ?
me-signed-out = Vous êtes déconnecté.
me-code-sent = Mot de passe accepté. Saisissez le code que nous avons envoyé au { $number }.
me-code-app = Mot de passe accepté. Saisissez le code actuel de votre application d’authentification, ou le code hors ligne de votre application push.
me-code-wrong = Ce code n’est pas correct. Saisissez le code actuel.
me-refused = Échec de la connexion : le nom d’utilisateur ou le mot de passe est incorrect, ou le compte est verrouillé ou désactivé.
me-refused-restart = Échec de la connexion : recommencez avec votre nom d’utilisateur et votre mot de passe.
me-no-remote-enrollment = Vous n’avez pas encore de méthode de connexion, et votre stratégie utilisateur ne permet pas d’en ajouter une à distance. Veuillez vous rendre en personne auprès de votre support informatique.
me-temporary-code-required = Vous n’avez pas encore de méthode de connexion. Pour en ajouter une à distance, votre stratégie demande un code temporaire de votre support informatique en plus de votre mot de passe : appelez-le d’abord.
me-login-expired = Le formulaire de connexion a expiré. Veuillez réessayer.
me-expired-title = Formulaire expiré
me-expired-text = Ce formulaire a expiré ou ne provient pas de ce site. Revenez en arrière, rechargez la page et réessayez.
me-unavailable-title = Indisponible
me-unavailable-text = Regain ne peut pas effectuer cette opération pour le moment. Rien n’a été modifié. Réessayez dans une minute.

## The self-service pages (/me): the methods

me-no-methods = Vous n’avez pas encore de second facteur.
me-col-method = Méthode
me-col-name = Nom
me-col-state = État
me-col-added = Ajoutée le
me-col-last-used = Dernière utilisation
me-kind-otp = Application d’authentification ou jeton OTP
me-kind-push = Authentificateur push
me-kind-phone = Numéro de téléphone (SMS)
me-state-active = activée
me-state-pending = en attente de confirmation
me-never = jamais
me-lost-device = Appareil perdu ? Prévenez votre support informatique : il supprime son enregistrement pour que personne d’autre ne puisse l’utiliser.
me-questions-text = Répondez à quelques questions pour pouvoir réinitialiser vous-même un mot de passe oublié, sans appeler votre support informatique.
me-questions-link = Configurer ou modifier mes questions de sécurité
me-add-heading = Ajouter une méthode
me-push-heading = Authentificateur push
me-push-text = Approuvez les connexions sur votre appareil en saisissant le nombre affiché par la page de connexion. Fonctionne aussi hors ligne avec un code.
me-push-add = Ajouter un appareil push
me-otp-heading = Application d’authentification
me-otp-text = Toute application qui affiche des codes à 6 chiffres (TOTP), configurée en scannant un code QR.
me-otp-name = Nom (facultatif)
me-otp-name-example = Application du téléphone
me-otp-add = Ajouter une application d’authentification
me-phone-heading = Numéro de téléphone pour les codes SMS
me-phone-restricted = Le SMS est une méthode restreinte : un message peut être détourné par quiconque contrôle le numéro. Préférez l’application push ou une application d’authentification, et gardez le SMS en secours. Un nouveau numéro remplace l’ancien, qui est informé du changement.
me-phone-number = Numéro de mobile au format international
me-phone-send = Envoyer un code
me-no-enrollment = Votre stratégie utilisateur ne vous permet pas d’ajouter vous-même des méthodes. Votre support informatique peut vous aider.
me-done-otp = Votre application d’authentification est prête.
me-done-phone = Votre téléphone peut désormais recevoir des codes de connexion.

## The self-service pages (/me): adding a method

me-otp-title = Ajouter une application d’authentification
me-otp-step-scan = Dans votre application d’authentification, ajoutez un compte et scannez ce code.
me-otp-step-code = Saisissez le code à 6 chiffres que l’application affiche ensuite.
me-otp-qr = Code QR pour votre application d’authentification
me-otp-manual = Impossible de scanner ? Saisissez la clé à la main
me-otp-key = Clé
me-otp-key-kind = basé sur le temps, 6 chiffres, toutes les 30 secondes
me-otp-key-gone = affichée seulement sur la première page ; recommencez si vous ne l’avez pas enregistrée
me-otp-code = Code de l’application
me-confirm = Confirmer
me-phone-title = Confirmer votre téléphone
me-phone-sent = Nous avons envoyé un code à 6 chiffres au { $number }. Il est valable 5 minutes.
me-phone-code = Code reçu par SMS
me-push-title = Ajouter un appareil push
me-push-intro = Scannez ce code avec l’authentificateur Regain de votre appareil, ou donnez-lui le lien ci-dessous. Le lien fonctionne une seule fois, jusqu’au { $expires }.
me-push-qr = Code QR contenant votre lien d’enregistrement
me-push-cli = Authentificateur en ligne de commande :
me-push-done = Terminé : retour à mes méthodes
me-error-denied = Vous ne pouvez pas faire cela ici ; adressez-vous à votre support informatique.
me-error-reauth = Pour changer votre numéro de téléphone, il faut un code récent : déconnectez-vous, reconnectez-vous avec un code de votre application ou de votre téléphone actuel, puis changez-le dans les 5 minutes.
me-error-gone = Cet enregistrement n’est plus en attente : recommencez.
me-error-number = Saisissez le numéro de mobile au format international, en commençant par + et l’indicatif du pays, par exemple +41 79 123 45 67.
me-error-sms = Le code de confirmation n’a pas pu être envoyé. Réessayez plus tard.
me-error-code = Ce code n’est pas correct, ou il y a eu trop de codes erronés. Vérifiez le code et réessayez ; après trop d’essais, attendez la fin du verrouillage.
me-error-invalid = Cela n’a pas fonctionné. Recommencez depuis la page de vos méthodes.

## The self-service pages (/me): application passwords

me-apps-title = Mots de passe d’applications
me-apps-intro = Conservez ici les identifiants de vos applications. Les mots de passe sont stockés chiffrés ; les administrateurs ne peuvent pas les voir.
me-apps-home-text = Conservez les noms d’utilisateur et mots de passe de vos applications pour les retrouver quand vous en avez besoin.
me-apps-none = Vous n’avez pas encore de mot de passe d’application.
me-apps-col-name = Logiciel
me-apps-col-address = Adresse
me-apps-col-login = Nom d’utilisateur
me-apps-col-updated = Modifié le
me-apps-edit = Modifier
me-apps-delete = Supprimer
me-apps-add-heading = Ajouter un mot de passe d’application
me-apps-edit-heading = Modifier { $name }
me-apps-name = Nom de l’application
me-apps-address = Adresse (facultatif)
me-apps-login = Nom d’utilisateur (facultatif)
me-apps-password = Mot de passe
me-apps-password-keep = Nouveau mot de passe (laisser vide pour garder l’actuel)
me-apps-save = Enregistrer
me-apps-cancel = Retour à mes mots de passe d’applications
me-apps-saved = Le mot de passe d’application est enregistré.
me-apps-deleted = Le mot de passe d’application est supprimé.
me-apps-reauth = Pour modifier les mots de passe d’applications, il faut une connexion récente : déconnectez-vous, reconnectez-vous (avec un code de l’une de vos méthodes, si vous en avez une), puis faites la modification dans les 5 minutes.
me-app-name-missing = Saisissez le nom de l’application.
me-app-name-too-long = Le nom est trop long : 80 caractères au plus.
me-app-address-too-long = L’adresse est trop longue : 300 caractères au plus.
me-app-login-too-long = Le nom d’utilisateur est trop long : 200 caractères au plus.
me-app-password-missing = Saisissez le mot de passe.
me-app-password-too-long = Le mot de passe est trop long : 500 caractères au plus.
me-app-too-many = Vous conservez déjà 100 mots de passe d’applications : supprimez-en un d’abord.

## The default security questions (administrators' own questions are shown as written)

question-default-1 = Quel était le nom de votre premier animal de compagnie ?
question-default-2 = Quelle est votre ville de naissance ?
question-default-3 = Quel était le nom de votre première école ?
question-default-4 = Quel est le nom de la rue où vous avez grandi ?
question-default-5 = Quelle était la marque de votre première voiture ?
question-default-6 = Quel est le prénom de l’aîné de vos cousins et cousines ?
question-default-7 = Dans quelle ville vos parents se sont-ils rencontrés ?
question-default-8 = Quel a été le premier concert auquel vous avez assisté ?
question-default-9 = Quel était votre surnom d’enfance ?
question-default-10 = Quel est le deuxième prénom de l’aîné de vos frères et sœurs ?

## Notices sent by email or webhook: never a code, password or answer

notice-footer = Ce message a été envoyé par Regain, le service de connexion de votre organisation. Merci de ne pas y répondre.
notice-enrollment_declined-subject = Regain : { $user } a reporté l'enregistrement des questions de sécurité
notice-enrollment_declined-body = L'utilisateur { $user } a choisi « Plus tard » au lieu d'enregistrer ses questions de sécurité, le { $at }. Tant qu'il ne l'a pas fait, il ne peut pas réinitialiser lui-même son mot de passe.
notice-locked_out-subject = Regain : { $user } est verrouillé
notice-locked_out-body = Trop d'essais erronés d'un second facteur ont verrouillé { $user } le { $at }. Si ce n'était pas cette personne, quelqu'un essaie peut-être de deviner ; un administrateur peut déverrouiller le compte dans la console.
notice-push_limit-subject = Regain : limite de notifications push atteinte pour { $user }
notice-push_limit-body = Le { $at }, une notification push pour { $user } a été refusée car la limite de demandes push était atteinte (source : { $source }). De nombreuses notifications en peu de temps peuvent venir d'un attaquant qui espère qu'une soit approuvée.
notice-audit_write_failed-subject = Regain : une entrée d'audit n'a pas pu être écrite
notice-audit_write_failed-body = Le { $at }, Regain n'a pas pu écrire une entrée d'audit (action { $action }, utilisateur { $user }) ; la modification n'a donc pas été faite. Vérifiez dès maintenant l'état et l'espace libre de la base de données.
notice-password_changed-subject = Votre mot de passe a été changé
notice-password_changed-body = Bonjour { $user }, le mot de passe de votre compte a été changé ou réinitialisé le { $at }. Si ce n'était pas vous, contactez immédiatement votre support.
notice-account_unlocked-subject = Votre compte a été déverrouillé
notice-account_unlocked-body = Bonjour { $user }, votre compte a été déverrouillé le { $at }. Si vous ne l'avez pas demandé, contactez immédiatement votre support.
notice-temp_code_issued-subject = Un code de connexion temporaire a été émis pour vous
notice-temp_code_issued-body = Bonjour { $user }, un code de connexion temporaire a été émis pour votre compte le { $at } ; il est valable jusqu'au { $expires }. Le code lui-même n'est jamais envoyé par e-mail. Si vous n'en avez pas demandé à votre support, appelez-le immédiatement.
notice-temp_code_used-subject = Votre code de connexion temporaire a été utilisé
notice-temp_code_used-body = Bonjour { $user }, votre code de connexion temporaire a été utilisé le { $at } (depuis { $source }). Si ce n'était pas vous, appelez immédiatement votre support.
notice-temp_code_revoked-subject = Votre code de connexion temporaire a été révoqué
notice-temp_code_revoked-body = Bonjour { $user }, votre code de connexion temporaire a été révoqué le { $at } ; il ne fonctionne plus.
notice-method_enrolled-subject = Une nouvelle méthode de connexion a été ajoutée à votre compte
notice-method_enrolled-body = Bonjour { $user }, une nouvelle méthode de connexion a été ajoutée à votre compte le { $at } : { $kind }. Si ce n'était pas vous, contactez immédiatement votre support.
notice-phone_changed-subject = Votre numéro de téléphone pour les codes de connexion a été changé
notice-phone_changed-body = Bonjour { $user }, le numéro de téléphone de vos codes de connexion a été remplacé par { $number } le { $at }. Si ce n'était pas vous, contactez immédiatement votre support.
notice-test-subject = Regain : message de test
notice-test-body = Ceci est un message de test de Regain, envoyé le { $at }. Si vous pouvez le lire, les notifications parviennent à cette adresse.
