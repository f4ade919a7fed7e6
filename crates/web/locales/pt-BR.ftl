# Regain's self-service pages: Brazilian Portuguese (português do Brasil). Same keys as en.ftl.
# Arguments in braces, such as { $min }, are filled in by the server.

## Shared

brand = Regain
app-name = Ajuda com a senha
skip-to-content = Pular para o conteúdo
language-links = Idioma
start-over = Recomeçar
back-to-start = Voltar ao início
continue = Continuar
required-field = obrigatório

## The start page (/sso/passwordhelp)

start-title = Esqueceu sua senha?
start-intro = Digite seu nome de usuário. Você responderá às suas perguntas de segurança e, em seguida, poderá escolher uma nova senha ou desbloquear sua conta.
start-username = Nome de usuário
start-username-hint = O nome que você usa para entrar no computador, por exemplo jsmith.
start-submit = Continuar
start-signin-link = Entrar para gerenciar meus métodos de entrada e minhas perguntas de segurança
start-empty-name = Digite seu nome de usuário.

## The challenge (/sso/sschallenge)

challenge-title = Responda às suas perguntas de segurança
challenge-intro = Responda às perguntas que você escolheu ao configurar a ajuda com a senha. Letras maiúsculas e espaços extras não fazem diferença.
challenge-answer = Resposta
challenge-submit = Verificar minhas respostas
challenge-not-accepted = Suas respostas não foram aceitas. Confira-as e tente novamente; após muitas tentativas erradas, a ajuda com a senha fica bloqueada por um tempo.

## The push step (/sso/ssacceptnumber, /sso/sscheckpush)

push-title = Aprove a solicitação no seu celular
push-intro = Enviamos uma solicitação para o seu aplicativo Regain. Abra-o e digite este número:
push-number-label = Número a ser digitado no aplicativo
push-waiting = Aguardando sua resposta…
push-check-again = Verificar novamente
push-use-code = Não consigo usar o aplicativo: digitar um código
push-denied = A solicitação foi negada ou expirou. Recomece se ainda precisar de ajuda.
push-wrong-number = O número digitado no aplicativo não é o que foi mostrado aqui. Recomece.

## The code fallback (/sso/ssenteriidtokeninit, /sso/ssenteriidtoken)

code-title = Digite um código
code-intro = Digite o código offline do seu aplicativo Regain ou o código atual do seu aplicativo autenticador ou token.
code-label = Código
code-submit = Verificar
code-not-accepted = Esse código não foi aceito. Digite o código atual.

## Setting the new password (/sso/ssresetinit, /sso/ssreset)

reset-title = Escolha uma nova senha
reset-intro = Sua identidade foi confirmada. Escolha uma nova senha para { $username }.
reset-locked-note = Sua conta está bloqueada. Definir uma nova senha vai desbloqueá-la. Se você se lembra da sua senha, pode desbloquear a conta sem alterá-la.
reset-new = Nova senha
reset-again = Confirme a nova senha
reset-rules = Use uma senha longa: várias palavras sem relação entre si são fáceis de lembrar e difíceis de adivinhar. Ela não pode conter seu nome nem ser uma senha que você usou recentemente.
reset-strength = Força da senha
reset-strength-0 = Muito fraca
reset-strength-1 = Fraca
reset-strength-2 = Razoável
reset-strength-3 = Boa
reset-strength-4 = Forte
reset-submit = Definir nova senha
unlock-title = Apenas desbloquear minha conta
unlock-submit = Desbloquear minha conta
reset-mismatch = As duas senhas não são iguais. Digite a nova senha duas vezes.

## Refusals of a new password (from Regain's rules or the directory)

pw-too-short = A senha é muito curta: use pelo menos { $min } caracteres.
pw-too-short-unknown = A senha é muito curta para as regras da sua organização. Use uma mais longa.
pw-too-long = A senha é muito longa: use no máximo { $max } caracteres.
pw-not-complex = A senha não é complexa o suficiente: combine pelo menos { $required } destes tipos de caractere: letras minúsculas, letras maiúsculas, números e símbolos.
pw-in-history = Você usou esta senha recentemente: escolha uma que não esteja entre as suas últimas { $history }.
pw-in-history-unknown = Você usou esta senha recentemente: escolha uma que você nunca tenha usado.
pw-too-young = Sua senha foi alterada há muito pouco tempo para ser alterada novamente. Tente mais tarde ou fale com o suporte técnico (o tempo de vida mínimo da senha do domínio deve ser 0 para redefinições por autoatendimento).
pw-contains-name = A senha não pode conter seu nome de usuário nem seu nome.
pw-common = Esta senha é uma das mais comuns e seria uma das primeiras a serem adivinhadas. Escolha outra, por exemplo algumas palavras sem relação entre si.

## Outcomes

done-title = Sua senha foi alterada
done-signed-in = Sua sessão nas páginas de autoatendimento foi iniciada.
done-sign-in-again = Entre novamente com sua nova senha.
done-sign-in-link = Entrar
done-go-to-me = Ir para meus métodos de entrada
unlocked-title = Sua conta foi desbloqueada
unlocked-text = Você já pode entrar novamente com sua senha.
locked-title = A ajuda com a senha está bloqueada no momento
locked-text = Houve muitas respostas erradas. Aguarde um pouco e tente novamente, ou ligue para o suporte técnico.
rate-title = Muitas tentativas
rate-text = Houve muitas tentativas a partir deste local ou para este nome. Aguarde dez minutos e tente novamente.
unavailable-title = A ajuda com a senha não está disponível
unavailable-text = A redefinição de senha por autoatendimento está desativada. Entre em contato com o suporte técnico.
helpdesk-title = Entre em contato com o suporte técnico
helpdesk-text = Sua identidade foi confirmada, mas sua senha não pode ser redefinida aqui. Entre em contato com o suporte técnico.
helpdesk-disabled = Sua conta está desabilitada ou expirou. Entre em contato com o suporte técnico.
helpdesk-no-push = Esta organização também exige uma aprovação no seu celular, e você não tem o aplicativo Regain configurado. Entre em contato com o suporte técnico.
helpdesk-rights = Não foi possível alterar sua senha devido a um problema do nosso lado. Nada foi alterado. Entre em contato com o suporte técnico.
hours-title = Você não pode entrar neste momento
hours-text = O horário de logon da sua conta não permite entrar agora, por isso a senha também não pode ser redefinida neste momento. Tente novamente dentro do seu horário de logon ou ligue para o suporte técnico.
ended-title = Esta página expirou
ended-text = A ajuda com a senha é encerrada após dez minutos sem atividade e após cada alteração. Recomece.
expired-form = Este formulário expirou ou não veio deste site. Recomece.
unavailable-error = A ajuda com a senha não pode concluir esta ação agora. Nada foi alterado. Tente novamente em um minuto.

## Application passwords in password help (/sso/ssresetinit?view=apps)

apps-link = Ver minhas senhas de aplicativos
apps-title = Suas senhas de aplicativos
apps-intro = Mostre uma senha só quando precisar: ela volta a ficar oculta após 60 segundos.
apps-show = Mostrar a senha
apps-shown = Esta senha volta a ficar oculta em 60 segundos.
apps-back = Voltar à escolha de uma nova senha

## Enrolling security questions (/me/questions)

enroll-title = Perguntas de segurança
enroll-intro = Se você esquecer sua senha, poderá redefini-la por conta própria respondendo a estas perguntas. Escolha { $count } perguntas e responda a elas. Letras maiúsculas e espaços extras não fazem diferença.
enroll-mandatory = Sempre perguntada
enroll-question = Pergunta { $n }
enroll-answer = Resposta { $n }
enroll-choose = Escolha uma pergunta
enroll-submit = Salvar minhas respostas
enroll-later = Mais tarde
enroll-saved = Suas perguntas de segurança foram salvas.
enroll-state-enrolled = Você configurou suas perguntas de segurança em { $date }.
enroll-state-declined = Você adiou esta etapa em { $date }.
enroll-state-none = Você ainda não configurou perguntas de segurança.
enroll-must = Sua organização pede que você configure suas perguntas de segurança antes de qualquer outra coisa.
enroll-change-reauth = Para alterar suas respostas, entre novamente (com um código de um dos seus métodos, se tiver um) e altere-as em até 5 minutos.
enroll-not-offered = Sua política de usuário não oferece redefinição de senha por autoatendimento.
answers-wrong-count = Responda a exatamente { $expected } perguntas.
answers-unknown-question = Escolha cada pergunta uma única vez, na lista.
answers-mandatory-missing = Responda à pergunta “{ $question }”: ela é sempre feita.
answer-too-short = A resposta para “{ $question }” é muito curta: use pelo menos 3 caracteres.
answer-too-long = A resposta para “{ $question }” é muito longa: use no máximo 200 caracteres.
answer-same-as-another = A resposta para “{ $question }” é igual a outra resposta: dê a cada pergunta uma resposta diferente.
answer-is-user-name = A resposta para “{ $question }” é o seu nome de usuário: escolha uma resposta que só você saiba.
answer-is-password = A resposta para “{ $question }” é a sua senha: nunca use sua senha como resposta.

## The self-service pages (/me): signing in

me-app-name = Meus métodos de entrada
me-sign-out = Sair
me-login-title = Entrar
me-login-intro = Entre com sua conta do diretório para adicionar um aplicativo autenticador, um telefone ou um dispositivo push.
me-login-username = Nome de usuário
me-login-password = Senha
me-login-submit = Entrar
me-login-code = Código
me-login-verify = Verificar
me-forgot-password = Esqueceu a senha?
me-signed-out = Você saiu.
me-code-sent = Senha aceita. Digite o código que enviamos para { $number }.
me-code-app = Senha aceita. Digite o código atual do seu aplicativo autenticador ou o código offline do seu aplicativo push.
me-code-wrong = Esse código não está correto. Digite o código atual.
me-refused = Falha ao entrar: o nome de usuário ou a senha estão errados, ou a conta está bloqueada ou desativada.
me-refused-restart = Falha ao entrar: comece de novo com seu nome de usuário e senha.
me-no-remote-enrollment = Você ainda não tem um método de entrada, e sua política de usuário não permite adicionar um remotamente. Procure o suporte técnico pessoalmente.
me-temporary-code-required = Você ainda não tem um método de entrada. Para adicionar um remotamente, sua política pede, além da senha, um código temporário do suporte técnico: ligue para eles primeiro.
me-login-expired = O formulário de entrada expirou. Tente novamente.
me-expired-title = Formulário expirado
me-expired-text = Este formulário expirou ou não veio deste site. Volte, recarregue a página e tente novamente.
me-unavailable-title = Indisponível
me-unavailable-text = O Regain não consegue concluir isso agora. Nada foi alterado. Tente novamente em um minuto.

## The self-service pages (/me): the methods

me-no-methods = Você ainda não tem um segundo fator.
me-col-method = Método
me-col-name = Nome
me-col-state = Situação
me-col-added = Adicionado
me-col-last-used = Último uso
me-kind-otp = Aplicativo autenticador ou token OTP
me-kind-push = Autenticador push
me-kind-phone = Número de telefone (SMS)
me-state-active = ativo
me-state-pending = aguardando confirmação
me-never = nunca
me-lost-device = Perdeu um dispositivo? Avise o suporte técnico: eles excluem o cadastro para que ninguém mais possa usá-lo.
me-questions-text = Responda a algumas perguntas para poder redefinir sozinho uma senha esquecida, sem ligar para o suporte técnico.
me-questions-link = Configurar ou alterar minhas perguntas de segurança
me-add-heading = Adicionar um método
me-push-heading = Autenticador push
me-push-text = Aprove entradas no seu dispositivo digitando o número que a página de entrada mostra. Funciona offline também, com um código.
me-push-add = Adicionar um dispositivo push
me-otp-heading = Aplicativo autenticador
me-otp-text = Qualquer aplicativo que mostre códigos de 6 dígitos (TOTP), configurado lendo um código QR.
me-otp-name = Nome (opcional)
me-otp-name-example = Aplicativo do celular
me-otp-add = Adicionar um aplicativo autenticador
me-phone-heading = Número de telefone para códigos por SMS
me-phone-restricted = O SMS é um método restrito: uma mensagem pode ser desviada por quem controla o número. Prefira o aplicativo push ou um aplicativo autenticador e mantenha o SMS como alternativa. Um número novo substitui o antigo, que é avisado da mudança.
me-phone-number = Número de celular no formato internacional
me-phone-send = Enviar um código
me-no-enrollment = Sua política de usuário não permite que você adicione métodos por conta própria. O suporte técnico pode ajudar.
me-done-otp = Seu aplicativo autenticador está pronto para uso.
me-done-phone = Seu telefone já pode receber códigos de entrada.

## The self-service pages (/me): adding a method

me-otp-title = Adicionar um aplicativo autenticador
me-otp-step-scan = No seu aplicativo autenticador, adicione uma conta e leia este código.
me-otp-step-code = Digite o código de 6 dígitos que o aplicativo mostrar em seguida.
me-otp-qr = Código QR para o seu aplicativo autenticador
me-otp-manual = Não consegue ler? Digite a chave manualmente
me-otp-key = Chave
me-otp-key-kind = baseado em tempo, 6 dígitos, a cada 30 segundos
me-otp-key-gone = mostrada apenas na primeira página; comece de novo se não a guardou
me-otp-code = Código do aplicativo
me-confirm = Confirmar
me-phone-title = Confirme seu telefone
me-phone-sent = Enviamos um código de 6 dígitos para { $number }. Ele vale por 5 minutos.
me-phone-code = Código do SMS
me-push-title = Adicionar um dispositivo push
me-push-intro = Leia este código com o autenticador do Regain no seu dispositivo ou use o link abaixo. O link funciona uma vez, até { $expires }.
me-push-qr = Código QR com o seu link de cadastro
me-push-cli = Autenticador de linha de comando:
me-push-done = Pronto: voltar aos meus métodos
me-error-denied = Você não pode fazer isso aqui; fale com o suporte técnico.
me-error-reauth = Para trocar seu número de telefone é preciso um código recente: saia, entre novamente com um código do seu aplicativo ou do seu telefone atual e troque-o em até 5 minutos.
me-error-gone = Esse cadastro não está mais pendente: comece de novo.
me-error-number = Digite o número de celular no formato internacional, começando com + e o código do país, por exemplo +41 79 123 45 67.
me-error-sms = Não foi possível enviar o código de confirmação. Tente novamente mais tarde.
me-error-code = Esse código não está correto, ou houve códigos errados demais. Confira o código e tente novamente; depois de tentativas demais, aguarde o fim do bloqueio.
me-error-invalid = Isso não funcionou. Comece de novo pela página dos seus métodos.

## The self-service pages (/me): application passwords

me-apps-title = Senhas de aplicativos
me-apps-intro = Guarde aqui os dados de acesso dos seus aplicativos. As senhas são armazenadas criptografadas; os administradores não podem vê-las.
me-apps-home-text = Guarde os nomes de usuário e as senhas dos seus aplicativos para consultá-los quando precisar.
me-apps-none = Você ainda não tem senhas de aplicativos.
me-apps-col-name = Aplicativo
me-apps-col-address = Endereço
me-apps-col-login = Nome de usuário
me-apps-col-updated = Alterado
me-apps-edit = Editar
me-apps-delete = Excluir
me-apps-add-heading = Adicionar uma senha de aplicativo
me-apps-edit-heading = Alterar { $name }
me-apps-name = Nome do aplicativo
me-apps-address = Endereço (opcional)
me-apps-login = Nome de usuário (opcional)
me-apps-password = Senha
me-apps-password-keep = Nova senha (deixe em branco para manter a atual)
me-apps-save = Salvar
me-apps-cancel = Voltar às minhas senhas de aplicativos
me-apps-saved = A senha do aplicativo foi salva.
me-apps-deleted = A senha do aplicativo foi excluída.
me-apps-reauth = Para alterar senhas de aplicativos é preciso uma entrada recente: saia, entre novamente (com um código de um dos seus métodos, se tiver um) e faça a alteração em até 5 minutos.
me-app-name-missing = Digite o nome do aplicativo.
me-app-name-too-long = O nome é longo demais: use no máximo 80 caracteres.
me-app-address-too-long = O endereço é longo demais: use no máximo 300 caracteres.
me-app-login-too-long = O nome de usuário é longo demais: use no máximo 200 caracteres.
me-app-password-missing = Digite a senha.
me-app-password-too-long = A senha é longa demais: use no máximo 500 caracteres.
me-app-too-many = Você já guarda 100 senhas de aplicativos: exclua uma primeiro.

## The default security questions (administrators' own questions are shown as written)

question-default-1 = Qual era o nome do seu primeiro animal de estimação?
question-default-2 = Em que cidade você nasceu?
question-default-3 = Qual era o nome da sua primeira escola?
question-default-4 = Qual é o nome da rua onde você cresceu?
question-default-5 = Qual era a marca do seu primeiro carro?
question-default-6 = Qual é o nome do mais velho dos seus primos?
question-default-7 = Em que cidade seus pais se conheceram?
question-default-8 = Qual foi o primeiro show a que você assistiu?
question-default-9 = Qual era o seu apelido de infância?
question-default-10 = Qual é o segundo nome do mais velho dos seus irmãos?

## Notices sent by email or webhook: never a code, password or answer

notice-footer = Esta mensagem foi enviada pelo Regain, o serviço de acesso da sua organização. Não responda a ela.
notice-enrollment_declined-subject = Regain: { $user } adiou o cadastro das perguntas de segurança
notice-enrollment_declined-body = O usuário { $user } escolheu "Mais tarde" em vez de cadastrar suas perguntas de segurança, em { $at }. Até cadastrá-las, ele não poderá redefinir a própria senha.
notice-locked_out-subject = Regain: { $user } está bloqueado
notice-locked_out-body = Tentativas erradas demais de um segundo fator bloquearam { $user } em { $at }. Se não foi essa pessoa, alguém pode estar tentando adivinhar; um administrador pode desbloquear a conta no console.
notice-push_limit-subject = Regain: limite de notificações push atingido para { $user }
notice-push_limit-body = Em { $at }, uma notificação push para { $user } foi recusada porque o limite de solicitações push foi atingido (origem: { $source }). Muitas notificações em pouco tempo podem ser um atacante esperando que uma seja aprovada.
notice-audit_write_failed-subject = Regain: não foi possível gravar um registro de auditoria
notice-audit_write_failed-body = Em { $at }, o Regain não conseguiu gravar um registro de auditoria (ação { $action }, usuário { $user }), então a alteração não foi feita. Verifique agora o estado e o espaço livre do banco de dados.
notice-password_changed-subject = Sua senha foi alterada
notice-password_changed-body = Olá, { $user }: a senha da sua conta foi alterada ou redefinida em { $at }. Se não foi você, fale com o suporte imediatamente.
notice-account_unlocked-subject = Sua conta foi desbloqueada
notice-account_unlocked-body = Olá, { $user }: sua conta foi desbloqueada em { $at }. Se você não pediu isso, fale com o suporte imediatamente.
notice-temp_code_issued-subject = Um código de acesso temporário foi emitido para você
notice-temp_code_issued-body = Olá, { $user }: um código de acesso temporário foi emitido para sua conta em { $at }; ele vale até { $expires }. O código nunca é enviado por e-mail. Se você não pediu um ao suporte, ligue para ele imediatamente.
notice-temp_code_used-subject = Seu código de acesso temporário foi usado
notice-temp_code_used-body = Olá, { $user }: seu código de acesso temporário foi usado em { $at } (a partir de { $source }). Se não foi você, ligue para o suporte imediatamente.
notice-temp_code_revoked-subject = Seu código de acesso temporário foi revogado
notice-temp_code_revoked-body = Olá, { $user }: seu código de acesso temporário foi revogado em { $at }; ele não funciona mais.
notice-method_enrolled-subject = Um novo método de acesso foi adicionado à sua conta
notice-method_enrolled-body = Olá, { $user }: em { $at } um novo método de acesso foi adicionado à sua conta: { $kind }. Se não foi você, fale com o suporte imediatamente.
notice-phone_changed-subject = Seu número de telefone para códigos de acesso foi alterado
notice-phone_changed-body = Olá, { $user }: o número de telefone dos seus códigos de acesso foi alterado para { $number } em { $at }. Se não foi você, fale com o suporte imediatamente.
notice-test-subject = Regain: mensagem de teste
notice-test-body = Esta é uma mensagem de teste do Regain, enviada em { $at }. Se você consegue lê-la, as notificações chegam a este endereço.
