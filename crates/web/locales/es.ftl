# Regain's self-service pages: Spanish (español). Same keys as en.ftl. Arguments in braces,
# such as { $min }, are filled in by the server.

## Shared

brand = Regain
app-name = Ayuda con la contraseña
skip-to-content = Saltar al contenido
language-links = Idioma
start-over = Volver a empezar
back-to-start = Volver al inicio
continue = Continuar
required-field = obligatorio

## The start page (/sso/passwordhelp)

start-title = ¿Ha olvidado su contraseña?
start-intro = Escriba su nombre de usuario. Responderá a sus preguntas de seguridad y, a continuación, podrá elegir una contraseña nueva o desbloquear su cuenta.
start-username = Nombre de usuario
start-username-hint = El nombre con el que inicia sesión en su equipo, por ejemplo jsmith.
start-submit = Continuar
start-signin-link = Iniciar sesión para administrar mis métodos de inicio de sesión y mis preguntas de seguridad
start-empty-name = Escriba su nombre de usuario.

## The challenge (/sso/sschallenge)

challenge-title = Responda a sus preguntas de seguridad
challenge-intro = Responda a las preguntas que eligió al configurar la ayuda con la contraseña. No se tienen en cuenta las mayúsculas ni los espacios adicionales.
challenge-answer = Respuesta
challenge-submit = Comprobar mis respuestas
challenge-not-accepted = Sus respuestas no se han aceptado. Revíselas e inténtelo de nuevo; tras demasiados intentos fallidos, la ayuda con la contraseña se bloquea durante un tiempo.

## The push step (/sso/ssacceptnumber, /sso/sscheckpush)

push-title = Apruebe la solicitud en su teléfono
push-intro = Hemos enviado una solicitud a su aplicación Regain. Ábrala y escriba este número:
push-number-label = Número que debe escribir en la aplicación
push-waiting = Esperando su respuesta…
push-check-again = Volver a comprobar
push-use-code = No puedo usar la aplicación: escribir un código en su lugar
push-denied = La solicitud se ha rechazado o ha caducado. Vuelva a empezar si todavía necesita ayuda.
push-wrong-number = El número escrito en la aplicación no coincide con el que se muestra aquí. Vuelva a empezar.

## The code fallback (/sso/ssenteriidtokeninit, /sso/ssenteriidtoken)

code-title = Escriba un código
code-intro = Escriba el código sin conexión de su aplicación Regain, o el código actual de su aplicación de autenticación o de su token.
code-label = Código
code-submit = Verificar
code-not-accepted = No se ha aceptado ese código. Escriba el código actual.

## Setting the new password (/sso/ssresetinit, /sso/ssreset)

reset-title = Elija una contraseña nueva
reset-intro = Se ha confirmado su identidad. Elija una contraseña nueva para { $username }.
reset-locked-note = Su cuenta está bloqueada. Al establecer una contraseña nueva, se desbloqueará. Si recuerda su contraseña, puede desbloquear la cuenta sin cambiarla.
reset-new = Contraseña nueva
reset-again = Repita la contraseña nueva
reset-rules = Use una contraseña larga: varias palabras sin relación entre sí son fáciles de recordar y difíciles de adivinar. No debe contener su nombre ni ser una que haya usado recientemente.
reset-strength = Seguridad
reset-strength-0 = Muy débil
reset-strength-1 = Débil
reset-strength-2 = Aceptable
reset-strength-3 = Buena
reset-strength-4 = Fuerte
reset-submit = Establecer contraseña nueva
unlock-title = Solo desbloquear mi cuenta
unlock-submit = Desbloquear mi cuenta
reset-mismatch = Las dos contraseñas no coinciden. Escriba la contraseña nueva dos veces.

## Refusals of a new password (from Regain's rules or the directory)

pw-too-short = La contraseña es demasiado corta: use al menos { $min } caracteres.
pw-too-short-unknown = La contraseña es demasiado corta según las reglas de su organización. Use una más larga.
pw-too-long = La contraseña es demasiado larga: use como máximo { $max } caracteres.
pw-not-complex = La contraseña no es lo bastante compleja: combine al menos { $required } de estos tipos de caracteres: minúsculas, mayúsculas, números y símbolos.
pw-in-history = Ha usado esta contraseña recientemente: elija una que no esté entre las últimas { $history }.
pw-in-history-unknown = Ha usado esta contraseña recientemente: elija una que no haya usado nunca.
pw-too-young = Su contraseña se cambió hace demasiado poco para volver a cambiarla. Inténtelo más tarde o póngase en contacto con el soporte técnico (la vigencia mínima de la contraseña del dominio debe ser 0 para los restablecimientos de autoservicio).
pw-contains-name = La contraseña no debe contener su nombre de usuario ni su nombre.
pw-common = Esta contraseña es una de las más comunes y sería de las primeras en adivinarse. Elija otra, por ejemplo, unas cuantas palabras sin relación entre sí.

## Outcomes

done-title = Se ha cambiado su contraseña
done-signed-in = Ha iniciado sesión en sus páginas de autoservicio.
done-sign-in-again = Vuelva a iniciar sesión con su contraseña nueva.
done-sign-in-link = Iniciar sesión
done-go-to-me = Ir a mis métodos de inicio de sesión
unlocked-title = Su cuenta está desbloqueada
unlocked-text = Ya puede volver a iniciar sesión con su contraseña.
locked-title = La ayuda con la contraseña está bloqueada temporalmente
locked-text = Ha habido demasiadas respuestas incorrectas. Espere un rato e inténtelo de nuevo, o llame al soporte técnico.
rate-title = Demasiados intentos
rate-text = Ha habido demasiados intentos desde aquí o para este nombre. Espere diez minutos e inténtelo de nuevo.
unavailable-title = La ayuda con la contraseña no está disponible
unavailable-text = El restablecimiento de contraseña de autoservicio está desactivado. Póngase en contacto con el soporte técnico.
helpdesk-title = Póngase en contacto con el soporte técnico
helpdesk-text = Se ha confirmado su identidad, pero su contraseña no se puede restablecer aquí. Póngase en contacto con el soporte técnico.
helpdesk-disabled = Su cuenta está deshabilitada o ha caducado. Póngase en contacto con el soporte técnico.
helpdesk-no-push = Esta organización también solicita una aprobación en su teléfono, y usted no tiene configurada la aplicación Regain. Póngase en contacto con el soporte técnico.
helpdesk-rights = No se ha podido cambiar su contraseña debido a un problema por nuestra parte. No se ha cambiado nada. Póngase en contacto con el soporte técnico.
hours-title = No puede iniciar sesión en este momento
hours-text = El horario de inicio de sesión de su cuenta no permite iniciar sesión ahora, por lo que tampoco se puede restablecer la contraseña en este momento. Inténtelo de nuevo dentro de su horario de inicio de sesión, o llame al soporte técnico.
ended-title = Esta página ha caducado
ended-text = La ayuda con la contraseña finaliza tras diez minutos de inactividad y después de cada cambio. Vuelva a empezar.
expired-form = Este formulario ha caducado o no procede de este sitio. Vuelva a empezar.
unavailable-error = La ayuda con la contraseña no puede completar esta acción en este momento. No se ha cambiado nada. Inténtelo de nuevo dentro de un minuto.

## Application passwords in password help (/sso/ssresetinit?view=apps)

apps-link = Ver mis contraseñas de aplicaciones
apps-title = Sus contraseñas de aplicaciones
apps-intro = Muestre una contraseña solo cuando la necesite: se vuelve a ocultar a los 60 segundos.
apps-show = Mostrar la contraseña
apps-shown = Esta contraseña se volverá a ocultar dentro de 60 segundos.
apps-back = Volver a elegir una nueva contraseña

## Enrolling security questions (/me/questions)

enroll-title = Preguntas de seguridad
enroll-intro = Si olvida su contraseña, puede restablecerla usted mismo respondiendo a estas preguntas. Elija { $count } preguntas y respóndalas. No se tienen en cuenta las mayúsculas ni los espacios adicionales.
enroll-mandatory = Se pregunta siempre
enroll-question = Pregunta { $n }
enroll-answer = Respuesta { $n }
enroll-choose = Elija una pregunta
enroll-submit = Guardar mis respuestas
enroll-later = Más tarde
enroll-saved = Se han guardado sus preguntas de seguridad.
enroll-state-enrolled = Configuró sus preguntas de seguridad el { $date }.
enroll-state-declined = Pospuso este paso el { $date }.
enroll-state-none = Todavía no ha configurado las preguntas de seguridad.
enroll-must = Su organización le pide que configure sus preguntas de seguridad antes de nada.
enroll-change-reauth = Para cambiar sus respuestas, vuelva a iniciar sesión (con un código de uno de sus métodos, si tiene alguno) y cámbielas en los 5 minutos siguientes.
enroll-not-offered = Su directiva de usuario no ofrece el restablecimiento de contraseña de autoservicio.
answers-wrong-count = Responda exactamente a { $expected } preguntas.
answers-unknown-question = Elija cada pregunta una sola vez, de la lista.
answers-mandatory-missing = Responda a la pregunta «{ $question }»: se pregunta siempre.
answer-too-short = La respuesta a «{ $question }» es demasiado corta: use al menos 3 caracteres.
answer-too-long = La respuesta a «{ $question }» es demasiado larga: use como máximo 200 caracteres.
answer-same-as-another = La respuesta a «{ $question }» es igual que otra respuesta: dé una respuesta distinta a cada pregunta.
answer-is-user-name = La respuesta a «{ $question }» es su nombre de usuario: elija una respuesta que solo usted conozca.
answer-is-password = La respuesta a «{ $question }» es su contraseña: no use nunca su contraseña como respuesta.

## The self-service pages (/me): signing in

me-app-name = Mis métodos de inicio de sesión
me-sign-out = Cerrar sesión
me-login-title = Iniciar sesión
me-login-intro = Inicie sesión con su cuenta del directorio para añadir una aplicación de autenticación, un teléfono o un dispositivo push.
me-login-username = Nombre de usuario
me-login-password = Contraseña
me-login-submit = Iniciar sesión
me-login-code = Código
me-login-verify = Verificar
me-forgot-password = ¿Ha olvidado su contraseña?
me-signed-out = Ha cerrado la sesión.
me-code-sent = Contraseña aceptada. Introduzca el código que enviamos al { $number }.
me-code-app = Contraseña aceptada. Introduzca el código actual de su aplicación de autenticación o el código sin conexión de su aplicación push.
me-code-wrong = Ese código no es correcto. Introduzca el código actual.
me-refused = No se pudo iniciar sesión: el nombre de usuario o la contraseña son incorrectos, o la cuenta está bloqueada o desactivada.
me-refused-restart = No se pudo iniciar sesión: empiece de nuevo con su nombre de usuario y contraseña.
me-no-remote-enrollment = Todavía no tiene ningún método de inicio de sesión, y su directiva de usuario no permite añadir uno a distancia. Acuda en persona al soporte técnico.
me-temporary-code-required = Todavía no tiene ningún método de inicio de sesión. Para añadir uno a distancia, su directiva pide, además de su contraseña, un código temporal del soporte técnico: llámelos primero.
me-login-expired = El formulario de inicio de sesión ha caducado. Inténtelo de nuevo.
me-expired-title = Formulario caducado
me-expired-text = Este formulario ha caducado o no procede de este sitio. Vuelva atrás, recargue la página e inténtelo de nuevo.
me-unavailable-title = No disponible
me-unavailable-text = Regain no puede completar esto ahora mismo. No se ha cambiado nada. Inténtelo de nuevo dentro de un minuto.

## The self-service pages (/me): the methods

me-no-methods = Todavía no tiene un segundo factor.
me-col-method = Método
me-col-name = Nombre
me-col-state = Estado
me-col-added = Añadido
me-col-last-used = Último uso
me-kind-otp = Aplicación de autenticación o token OTP
me-kind-push = Autenticador push
me-kind-phone = Número de teléfono (SMS)
me-state-active = activo
me-state-pending = pendiente de confirmación
me-never = nunca
me-lost-device = ¿Ha perdido un dispositivo? Avise al soporte técnico: eliminarán su registro para que nadie más pueda usarlo.
me-questions-text = Responda a unas preguntas para poder restablecer usted mismo una contraseña olvidada, sin llamar al soporte técnico.
me-questions-link = Configurar o cambiar mis preguntas de seguridad
me-add-heading = Añadir un método
me-push-heading = Autenticador push
me-push-text = Apruebe los inicios de sesión en su dispositivo escribiendo el número que muestra la página de inicio de sesión. También funciona sin conexión con un código.
me-push-add = Añadir un dispositivo push
me-otp-heading = Aplicación de autenticación
me-otp-text = Cualquier aplicación que muestre códigos de 6 dígitos (TOTP), configurada escaneando un código QR.
me-otp-name = Nombre (opcional)
me-otp-name-example = Aplicación del móvil
me-otp-add = Añadir una aplicación de autenticación
me-phone-heading = Número de teléfono para códigos SMS
me-phone-restricted = El SMS es un método restringido: un mensaje puede ser desviado por quien controle el número. Prefiera la aplicación push o una aplicación de autenticación, y mantenga el SMS como alternativa. Un número nuevo sustituye al anterior, al que se avisa del cambio.
me-phone-number = Número de móvil en formato internacional
me-phone-send = Enviar un código
me-no-enrollment = Su directiva de usuario no le permite añadir métodos usted mismo. El soporte técnico puede ayudarle.
me-done-otp = Su aplicación de autenticación está lista para usarse.
me-done-phone = Su teléfono ya puede recibir códigos de inicio de sesión.

## The self-service pages (/me): adding a method

me-otp-title = Añadir una aplicación de autenticación
me-otp-step-scan = En su aplicación de autenticación, añada una cuenta y escanee este código.
me-otp-step-code = Introduzca el código de 6 dígitos que muestre entonces la aplicación.
me-otp-qr = Código QR para su aplicación de autenticación
me-otp-manual = ¿No puede escanear? Introduzca la clave a mano
me-otp-key = Clave
me-otp-key-kind = basada en el tiempo, 6 dígitos, cada 30 segundos
me-otp-key-gone = solo se muestra en la primera página; empiece de nuevo si no la guardó
me-otp-code = Código de la aplicación
me-confirm = Confirmar
me-phone-title = Confirme su teléfono
me-phone-sent = Hemos enviado un código de 6 dígitos al { $number }. Es válido durante 5 minutos.
me-phone-code = Código del SMS
me-push-title = Añadir un dispositivo push
me-push-intro = Escanee este código con el autenticador de Regain en su dispositivo, o use el enlace de abajo. El enlace funciona una vez, hasta el { $expires }.
me-push-qr = Código QR con su enlace de registro
me-push-cli = Autenticador de línea de comandos:
me-push-done = Listo: volver a mis métodos
me-error-denied = No puede hacer eso aquí; consulte al soporte técnico.
me-error-reauth = Para cambiar su número de teléfono necesita un código reciente: cierre la sesión, vuelva a iniciarla con un código de su aplicación o de su teléfono actual y cámbielo en los 5 minutos siguientes.
me-error-gone = Ese registro ya no está pendiente: empiece de nuevo.
me-error-number = Introduzca el número de móvil en formato internacional, empezando por + y el prefijo del país, por ejemplo +41 79 123 45 67.
me-error-sms = No se pudo enviar el código de confirmación. Inténtelo más tarde.
me-error-code = Ese código no es correcto, o ha habido demasiados códigos erróneos. Compruebe el código e inténtelo de nuevo; tras demasiados intentos, espere a que termine el bloqueo.
me-error-invalid = No ha funcionado. Empiece de nuevo desde la página de sus métodos.

## The self-service pages (/me): application passwords

me-apps-title = Contraseñas de aplicaciones
me-apps-intro = Guarde aquí los datos de acceso de sus aplicaciones. Las contraseñas se almacenan cifradas; los administradores no pueden verlas.
me-apps-home-text = Guarde los nombres de usuario y contraseñas de sus aplicaciones para consultarlos cuando los necesite.
me-apps-none = Todavía no tiene contraseñas de aplicaciones.
me-apps-col-name = Aplicación
me-apps-col-address = Dirección
me-apps-col-login = Nombre de usuario
me-apps-col-updated = Modificado
me-apps-edit = Editar
me-apps-delete = Eliminar
me-apps-add-heading = Añadir una contraseña de aplicación
me-apps-edit-heading = Cambiar { $name }
me-apps-name = Nombre de la aplicación
me-apps-address = Dirección (opcional)
me-apps-login = Nombre de usuario (opcional)
me-apps-password = Contraseña
me-apps-password-keep = Nueva contraseña (déjela vacía para conservar la actual)
me-apps-save = Guardar
me-apps-cancel = Volver a mis contraseñas de aplicaciones
me-apps-saved = La contraseña de aplicación se ha guardado.
me-apps-deleted = La contraseña de aplicación se ha eliminado.
me-apps-reauth = Para cambiar contraseñas de aplicaciones necesita un inicio de sesión reciente: cierre la sesión, vuelva a iniciarla (con un código de uno de sus métodos, si tiene alguno) y haga el cambio en los 5 minutos siguientes.
me-app-name-missing = Introduzca el nombre de la aplicación.
me-app-name-too-long = El nombre es demasiado largo: use como máximo 80 caracteres.
me-app-address-too-long = La dirección es demasiado larga: use como máximo 300 caracteres.
me-app-login-too-long = El nombre de usuario es demasiado largo: use como máximo 200 caracteres.
me-app-password-missing = Introduzca la contraseña.
me-app-password-too-long = La contraseña es demasiado larga: use como máximo 500 caracteres.
me-app-too-many = Ya guarda 100 contraseñas de aplicaciones: elimine una primero.

## The default security questions (administrators' own questions are shown as written)

question-default-1 = ¿Cómo se llamaba su primera mascota?
question-default-2 = ¿En qué ciudad nació?
question-default-3 = ¿Cómo se llamaba su primer colegio?
question-default-4 = ¿Cómo se llama la calle en la que creció?
question-default-5 = ¿De qué marca era su primer coche?
question-default-6 = ¿Cuál es el nombre de pila de su primo o prima de mayor edad?
question-default-7 = ¿En qué ciudad se conocieron sus padres?
question-default-8 = ¿Cuál fue el primer concierto al que asistió?
question-default-9 = ¿Cuál era su apodo de la infancia?
question-default-10 = ¿Cuál es el segundo nombre de su hermano o hermana mayor?

## Notices sent by email or webhook: never a code, password or answer

notice-footer = Este mensaje lo envió Regain, el servicio de inicio de sesión de su organización. No responda a él.
notice-enrollment_declined-subject = Regain: { $user } aplazó el registro de las preguntas de seguridad
notice-enrollment_declined-body = El usuario { $user } eligió «Más tarde» en lugar de registrar sus preguntas de seguridad, el { $at }. Hasta que las registre, no podrá restablecer su contraseña por sí mismo.
notice-locked_out-subject = Regain: { $user } está bloqueado
notice-locked_out-body = Demasiados intentos fallidos de un segundo factor bloquearon a { $user } el { $at }. Si no fue esa persona, alguien podría estar adivinando; un administrador puede desbloquear la cuenta en la consola.
notice-push_limit-subject = Regain: se alcanzó el límite de notificaciones push para { $user }
notice-push_limit-body = El { $at } se rechazó una notificación push para { $user } porque se alcanzó el límite de solicitudes push (origen: { $source }). Muchas notificaciones en poco tiempo pueden ser un atacante que espera que se apruebe una.
notice-audit_write_failed-subject = Regain: no se pudo escribir un registro de auditoría
notice-audit_write_failed-body = El { $at } Regain no pudo escribir un registro de auditoría (acción { $action }, usuario { $user }), así que el cambio no se hizo. Revise ahora el estado y el espacio libre de la base de datos.
notice-password_changed-subject = Su contraseña se ha cambiado
notice-password_changed-body = Hola, { $user }: la contraseña de su cuenta se cambió o restableció el { $at }. Si no fue usted, contacte de inmediato con su servicio de asistencia.
notice-account_unlocked-subject = Su cuenta se ha desbloqueado
notice-account_unlocked-body = Hola, { $user }: su cuenta se desbloqueó el { $at }. Si no lo solicitó, contacte de inmediato con su servicio de asistencia.
notice-temp_code_issued-subject = Se emitió un código de acceso temporal para usted
notice-temp_code_issued-body = Hola, { $user }: el { $at } se emitió un código de acceso temporal para su cuenta; es válido hasta el { $expires }. El código nunca se envía por correo electrónico. Si no lo pidió a su servicio de asistencia, llámelo de inmediato.
notice-temp_code_used-subject = Se usó su código de acceso temporal
notice-temp_code_used-body = Hola, { $user }: su código de acceso temporal se usó el { $at } (desde { $source }). Si no fue usted, llame de inmediato a su servicio de asistencia.
notice-temp_code_revoked-subject = Se revocó su código de acceso temporal
notice-temp_code_revoked-body = Hola, { $user }: su código de acceso temporal se revocó el { $at }; ya no funciona.
notice-method_enrolled-subject = Se añadió un nuevo método de inicio de sesión a su cuenta
notice-method_enrolled-body = Hola, { $user }: el { $at } se añadió un nuevo método de inicio de sesión a su cuenta: { $kind }. Si no fue usted, contacte de inmediato con su servicio de asistencia.
notice-phone_changed-subject = Se cambió su número de teléfono para los códigos de acceso
notice-phone_changed-body = Hola, { $user }: el número de teléfono de sus códigos de acceso se cambió a { $number } el { $at }. Si no fue usted, contacte de inmediato con su servicio de asistencia.
notice-test-subject = Regain: mensaje de prueba
notice-test-body = Este es un mensaje de prueba de Regain, enviado el { $at }. Si puede leerlo, las notificaciones llegan a esta dirección.
