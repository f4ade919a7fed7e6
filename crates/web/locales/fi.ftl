# Regain's self-service pages: Finnish (suomi). Same keys as en.ftl. Arguments in braces,
# such as { $min }, are filled in by the server.

## Shared

brand = Regain
app-name = Salasana-apu
skip-to-content = Siirry sisältöön
language-links = Kieli
start-over = Aloita alusta
back-to-start = Takaisin alkuun
continue = Jatka
required-field = pakollinen

## The start page (/sso/passwordhelp)

start-title = Unohditko salasanasi?
start-intro = Kirjoita käyttäjänimesi. Vastaat turvakysymyksiisi, minkä jälkeen voit valita uuden salasanan tai avata tilisi lukituksen.
start-username = Käyttäjänimi
start-username-hint = Nimi, jolla kirjaudut tietokoneellesi, esimerkiksi jsmith.
start-submit = Jatka
start-signin-link = Kirjaudu sisään ja hallitse kirjautumistapojasi ja turvakysymyksiäsi
start-empty-name = Kirjoita käyttäjänimesi.

## The challenge (/sso/sschallenge)

challenge-title = Vastaa turvakysymyksiisi
challenge-intro = Vastaa kysymyksiin, jotka valitsit ottaessasi salasana-avun käyttöön. Isoilla kirjaimilla ja ylimääräisillä välilyönneillä ei ole merkitystä.
challenge-answer = Vastaus
challenge-submit = Tarkista vastaukseni
challenge-not-accepted = Vastauksiasi ei hyväksytty. Tarkista ne ja yritä uudelleen. Liian monen väärän yrityksen jälkeen salasana-apu lukitaan joksikin aikaa.

## The push step (/sso/ssacceptnumber, /sso/sscheckpush)

push-title = Hyväksy pyyntö puhelimellasi
push-intro = Lähetimme pyynnön Regain-sovellukseesi. Avaa sovellus ja kirjoita tämä numero:
push-number-label = Sovellukseen kirjoitettava numero
push-waiting = Odotetaan vastaustasi…
push-check-again = Tarkista uudelleen
push-use-code = En voi käyttää sovellusta: syötä sen sijaan koodi
push-denied = Pyyntö hylättiin tai se vanheni. Aloita alusta, jos tarvitset yhä apua.
push-wrong-number = Sovellukseen kirjoitettu numero ei ollut sama kuin tässä näytetty. Aloita alusta.

## The code fallback (/sso/ssenteriidtokeninit, /sso/ssenteriidtoken)

code-title = Syötä koodi
code-intro = Syötä Regain-sovelluksesi offline-koodi tai todennussovelluksesi tai tunnuslaitteesi nykyinen koodi.
code-label = Koodi
code-submit = Vahvista
code-not-accepted = Koodia ei hyväksytty. Syötä nykyinen koodi.

## Setting the new password (/sso/ssresetinit, /sso/ssreset)

reset-title = Valitse uusi salasana
reset-intro = Henkilöllisyytesi on vahvistettu. Valitse uusi salasana käyttäjälle { $username }.
reset-locked-note = Tilisi on lukittu. Uuden salasanan asettaminen avaa lukituksen. Jos muistat salasanasi, voit avata tilin lukituksen vaihtamatta salasanaa.
reset-new = Uusi salasana
reset-again = Uusi salasana uudelleen
reset-rules = Käytä pitkää salasanaa: useat toisiinsa liittymättömät sanat on helppo muistaa ja vaikea arvata. Salasana ei saa sisältää nimeäsi, eikä se saa olla sellainen, jota olet käyttänyt äskettäin.
reset-strength = Vahvuus
reset-strength-0 = Erittäin heikko
reset-strength-1 = Heikko
reset-strength-2 = Kohtalainen
reset-strength-3 = Hyvä
reset-strength-4 = Vahva
reset-submit = Aseta uusi salasana
unlock-title = Avaa vain tilini lukitus
unlock-submit = Avaa tilini lukitus
reset-mismatch = Salasanat eivät ole samat. Kirjoita uusi salasana kahdesti.

## Refusals of a new password (from Regain's rules or the directory)

pw-too-short = Salasana on liian lyhyt: käytä vähintään { $min } merkkiä.
pw-too-short-unknown = Salasana on liian lyhyt organisaatiosi sääntöjen mukaan. Käytä pidempää salasanaa.
pw-too-long = Salasana on liian pitkä: käytä enintään { $max } merkkiä.
pw-not-complex = Salasana ei ole tarpeeksi monimutkainen: yhdistä vähintään { $required } seuraavista: pienet kirjaimet, isot kirjaimet, numerot ja erikoismerkit.
pw-in-history = Olet käyttänyt tätä salasanaa äskettäin: valitse salasana, joka ei ole viimeisten { $history } salasanasi joukossa.
pw-in-history-unknown = Olet käyttänyt tätä salasanaa äskettäin: valitse salasana, jota et ole käyttänyt aiemmin.
pw-too-young = Salasanasi on vaihdettu liian äskettäin, jotta sen voisi vaihtaa uudelleen. Yritä myöhemmin uudelleen tai ota yhteyttä IT-tukeen (toimialueen salasanan vähimmäisiän on oltava 0, jotta omatoiminen palautus onnistuu).
pw-contains-name = Salasana ei saa sisältää käyttäjänimeäsi eikä nimeäsi.
pw-common = Tämä salasana on yksi yleisimmistä salasanoista, ja se arvattaisiin ensimmäisenä. Valitse toinen, esimerkiksi muutama toisiinsa liittymätön sana.

## Outcomes

done-title = Salasanasi on vaihdettu
done-signed-in = Olet nyt kirjautunut omapalvelusivuillesi.
done-sign-in-again = Kirjaudu uudelleen sisään uudella salasanallasi.
done-sign-in-link = Kirjaudu sisään
done-go-to-me = Siirry kirjautumistapoihini
unlocked-title = Tilisi lukitus on avattu
unlocked-text = Voit taas kirjautua sisään salasanallasi.
locked-title = Salasana-apu on toistaiseksi lukittu
locked-text = Vääriä vastauksia oli liian monta. Odota hetki ja yritä uudelleen, tai soita IT-tukeen.
rate-title = Liian monta yritystä
rate-text = Tästä sijainnista tai tälle nimelle on tehty liian monta yritystä. Odota kymmenen minuuttia ja yritä uudelleen.
unavailable-title = Salasana-apu ei ole käytettävissä
unavailable-text = Salasanan omatoiminen palautus on poistettu käytöstä. Ota yhteyttä IT-tukeen.
helpdesk-title = Ota yhteyttä IT-tukeen
helpdesk-text = Henkilöllisyytesi on vahvistettu, mutta salasanaasi ei voi palauttaa täällä. Ota yhteyttä IT-tukeen.
helpdesk-disabled = Tilisi on poistettu käytöstä tai se on vanhentunut. Ota yhteyttä IT-tukeen.
helpdesk-no-push = Tämä organisaatio edellyttää myös hyväksyntää puhelimellasi, eikä sinulla ole Regain-sovellusta käytössä. Ota yhteyttä IT-tukeen.
helpdesk-rights = Salasanaasi ei voitu vaihtaa meidän päässämme olevan ongelman vuoksi. Mitään ei muutettu. Ota yhteyttä IT-tukeen.
hours-title = Et voi kirjautua sisään tällä hetkellä
hours-text = Tilisi kirjautumisajat eivät salli kirjautumista nyt, joten salasanaakaan ei voi palauttaa nyt. Yritä uudelleen kirjautumisaikojesi puitteissa tai soita IT-tukeen.
ended-title = Tämä sivu on vanhentunut
ended-text = Salasana-apu päättyy, kun kymmeneen minuuttiin ei ole tehty mitään, sekä jokaisen muutoksen jälkeen. Aloita alusta.
expired-form = Tämä lomake on vanhentunut tai se ei ole peräisin tältä sivustolta. Aloita alusta.
unavailable-error = Salasana-apu ei voi suorittaa tätä juuri nyt. Mitään ei muutettu. Yritä uudelleen minuutin kuluttua.

## Application passwords in password help (/sso/ssresetinit?view=apps)

apps-link = Näytä sovellussalasanani
apps-title = Sovellussalasanasi
apps-intro = Näytä salasana vain, kun tarvitset sitä: se piilotetaan uudelleen 60 sekunnin kuluttua.
apps-show = Näytä salasana
apps-shown = Tämä salasana piilotetaan uudelleen 60 sekunnin kuluttua.
apps-back = Takaisin uuden salasanan valintaan

## Enrolling security questions (/me/questions)

enroll-title = Turvakysymykset
enroll-intro = Jos unohdat salasanasi, voit palauttaa sen itse vastaamalla näihin kysymyksiin. Valitse { $count } kysymystä ja vastaa niihin. Isoilla kirjaimilla ja ylimääräisillä välilyönneillä ei ole merkitystä.
enroll-mandatory = Kysytään aina
enroll-question = Kysymys { $n }
enroll-answer = Vastaus { $n }
enroll-choose = Valitse kysymys
enroll-submit = Tallenna vastaukseni
enroll-later = Myöhemmin
enroll-saved = Turvakysymyksesi on tallennettu.
enroll-state-enrolled = Määritit turvakysymyksesi { $date }.
enroll-state-declined = Lykkäsit tätä { $date }.
enroll-state-none = Et ole vielä määrittänyt turvakysymyksiä.
enroll-must = Organisaatiosi pyytää sinua määrittämään turvakysymyksesi ennen kaikkea muuta.
enroll-change-reauth = Jos haluat muuttaa vastauksiasi, kirjaudu uudelleen sisään (jonkin kirjautumistapasi koodilla, jos sinulla on sellainen) ja muuta ne 5 minuutin kuluessa.
enroll-not-offered = Käyttäjäkäytäntösi ei tarjoa salasanan omatoimista palautusta.
answers-wrong-count = Vastaa täsmälleen { $expected } kysymykseen.
answers-unknown-question = Valitse kukin kysymys luettelosta vain kerran.
answers-mandatory-missing = Vastaa kysymykseen ”{ $question }”: se kysytään aina.
answer-too-short = Vastaus kysymykseen ”{ $question }” on liian lyhyt: käytä vähintään 3 merkkiä.
answer-too-long = Vastaus kysymykseen ”{ $question }” on liian pitkä: käytä enintään 200 merkkiä.
answer-same-as-another = Vastaus kysymykseen ”{ $question }” on sama kuin toinen vastaus: anna jokaiseen kysymykseen oma vastauksensa.
answer-is-user-name = Vastaus kysymykseen ”{ $question }” on käyttäjänimesi: valitse vastaus, jonka vain sinä tiedät.
answer-is-password = Vastaus kysymykseen ”{ $question }” on salasanasi: älä koskaan käytä salasanaasi vastauksena.

## The self-service pages (/me): signing in

me-app-name = Kirjautumistapani
me-sign-out = Kirjaudu ulos
me-login-title = Kirjaudu sisään
me-login-intro = Kirjaudu sisään hakemistotililläsi lisätäksesi todennussovelluksen, puhelimen tai push-laitteen.
me-login-username = Käyttäjänimi
me-login-password = Salasana
me-login-submit = Kirjaudu sisään
me-login-code = Koodi
me-login-verify = Tarkista
me-forgot-password = Unohditko salasanasi?
me-signed-out = Olet kirjautunut ulos.
me-code-sent = Salasana hyväksytty. Anna koodi, jonka lähetimme numeroon { $number }.
me-code-app = Salasana hyväksytty. Anna todennussovelluksesi nykyinen koodi tai push-sovelluksesi offline-koodi.
me-code-wrong = Koodi ei ole oikein. Anna nykyinen koodi.
me-refused = Kirjautuminen epäonnistui: käyttäjänimi tai salasana on väärin, tai tili on lukittu tai poistettu käytöstä.
me-refused-restart = Kirjautuminen epäonnistui: aloita alusta käyttäjänimelläsi ja salasanallasi.
me-no-remote-enrollment = Sinulla ei ole vielä kirjautumistapaa, eikä käyttäjäkäytäntösi salli sellaisen lisäämistä etänä. Käy IT-tuessa henkilökohtaisesti.
me-temporary-code-required = Sinulla ei ole vielä kirjautumistapaa. Jotta voit lisätä sellaisen etänä, käytäntösi vaatii salasanan lisäksi IT-tuen antaman väliaikaisen koodin: soita heille ensin.
me-login-expired = Kirjautumislomake on vanhentunut. Yritä uudelleen.
me-expired-title = Lomake vanhentui
me-expired-text = Tämä lomake on vanhentunut tai se ei tullut tältä sivustolta. Palaa takaisin, lataa sivu uudelleen ja yritä uudelleen.
me-unavailable-title = Ei käytettävissä
me-unavailable-text = Regain ei voi suorittaa tätä juuri nyt. Mitään ei muutettu. Yritä uudelleen minuutin kuluttua.

## The self-service pages (/me): the methods

me-no-methods = Sinulla ei ole vielä toista tunnistustekijää.
me-col-method = Tapa
me-col-name = Nimi
me-col-state = Tila
me-col-added = Lisätty
me-col-last-used = Viimeksi käytetty
me-kind-otp = Todennussovellus tai OTP-tunniste
me-kind-push = Push-todentaja
me-kind-phone = Puhelinnumero (tekstiviesti)
me-state-active = käytössä
me-state-pending = odottaa vahvistusta
me-never = ei koskaan
me-lost-device = Kadotitko laitteen? Kerro IT-tuelle: he poistavat sen rekisteröinnin, jotta kukaan muu ei voi käyttää sitä.
me-questions-text = Vastaa muutamaan kysymykseen, niin voit palauttaa unohtuneen salasanan itse soittamatta IT-tukeen.
me-questions-link = Määritä tai muuta turvakysymykseni
me-add-heading = Lisää kirjautumistapa
me-push-heading = Push-todentaja
me-push-text = Hyväksy kirjautumiset laitteellasi kirjoittamalla luku, jonka kirjautumissivu näyttää. Toimii myös ilman yhteyttä koodin avulla.
me-push-add = Lisää push-laite
me-otp-heading = Todennussovellus
me-otp-text = Mikä tahansa sovellus, joka näyttää 6-numeroisia koodeja (TOTP), otetaan käyttöön skannaamalla QR-koodi.
me-otp-name = Nimi (valinnainen)
me-otp-name-example = Puhelimen sovellus
me-otp-add = Lisää todennussovellus
me-phone-heading = Puhelinnumero tekstiviestikoodeille
me-phone-restricted = Tekstiviesti on rajoitettu tapa: viestin voi ohjata muualle kuka tahansa, joka hallitsee numeroa. Suosi push-sovellusta tai todennussovellusta ja pidä tekstiviesti varalla. Uusi numero korvaa vanhan, jolle ilmoitetaan muutoksesta.
me-phone-number = Matkapuhelinnumero kansainvälisessä muodossa
me-phone-send = Lähetä koodi
me-no-enrollment = Käyttäjäkäytäntösi ei salli sinun lisätä kirjautumistapoja itse. IT-tuki voi auttaa.
me-done-otp = Todennussovelluksesi on valmis käyttöön.
me-done-phone = Puhelimesi voi nyt vastaanottaa kirjautumiskoodeja.

## The self-service pages (/me): adding a method

me-otp-title = Lisää todennussovellus
me-otp-step-scan = Lisää todennussovellukseesi tili ja skannaa tämä koodi.
me-otp-step-code = Anna 6-numeroinen koodi, jonka sovellus sitten näyttää.
me-otp-qr = QR-koodi todennussovellustasi varten
me-otp-manual = Etkö voi skannata? Anna avain käsin
me-otp-key = Avain
me-otp-key-kind = aikaperusteinen, 6 numeroa, 30 sekunnin välein
me-otp-key-gone = näytetään vain ensimmäisellä sivulla; aloita alusta, jos et tallentanut sitä
me-otp-code = Sovelluksen koodi
me-confirm = Vahvista
me-phone-title = Vahvista puhelimesi
me-phone-sent = Lähetimme 6-numeroisen koodin numeroon { $number }. Se on voimassa 5 minuuttia.
me-phone-code = Tekstiviestin koodi
me-push-title = Lisää push-laite
me-push-intro = Skannaa tämä koodi laitteesi Regain-todentajalla tai käytä alla olevaa linkkiä. Linkki toimii kerran, { $expires } asti.
me-push-qr = QR-koodi, jossa on rekisteröintilinkkisi
me-push-cli = Komentorivin todentaja:
me-push-done = Valmis: takaisin kirjautumistapoihini
me-error-denied = Et voi tehdä sitä täällä; kysy IT-tuelta.
me-error-reauth = Puhelinnumeron vaihtaminen vaatii tuoreen koodin: kirjaudu ulos, kirjaudu uudelleen sisään sovelluksesi tai nykyisen puhelimesi koodilla ja vaihda numero 5 minuutin kuluessa.
me-error-gone = Tämä rekisteröinti ei ole enää kesken: aloita alusta.
me-error-number = Anna matkapuhelinnumero kansainvälisessä muodossa, alkaen merkillä + ja maatunnuksella, esimerkiksi +41 79 123 45 67.
me-error-sms = Vahvistuskoodia ei voitu lähettää. Yritä myöhemmin uudelleen.
me-error-code = Koodi ei ole oikein, tai vääriä koodeja on ollut liikaa. Tarkista koodi ja yritä uudelleen; liian monen yrityksen jälkeen odota, kunnes lukitus päättyy.
me-error-invalid = Se ei onnistunut. Aloita alusta kirjautumistapojesi sivulta.

## The self-service pages (/me): application passwords

me-apps-title = Sovellussalasanat
me-apps-intro = Säilytä sovellustesi kirjautumistiedot täällä. Salasanat tallennetaan salattuina; ylläpitäjät eivät näe niitä.
me-apps-home-text = Säilytä sovellustesi käyttäjänimet ja salasanat, jotta löydät ne tarvittaessa.
me-apps-none = Sinulla ei ole vielä sovellussalasanoja.
me-apps-col-name = Sovellus
me-apps-col-address = Osoite
me-apps-col-login = Käyttäjänimi
me-apps-col-updated = Muutettu
me-apps-edit = Muokkaa
me-apps-delete = Poista
me-apps-add-heading = Lisää sovellussalasana
me-apps-edit-heading = Muuta kohdetta { $name }
me-apps-name = Sovelluksen nimi
me-apps-address = Osoite (valinnainen)
me-apps-login = Käyttäjänimi (valinnainen)
me-apps-password = Salasana
me-apps-password-keep = Uusi salasana (jätä tyhjäksi, niin nykyinen säilyy)
me-apps-save = Tallenna
me-apps-cancel = Takaisin sovellussalasanoihini
me-apps-saved = Sovellussalasana on tallennettu.
me-apps-deleted = Sovellussalasana on poistettu.
me-apps-reauth = Sovellussalasanojen muuttaminen vaatii tuoreen kirjautumisen: kirjaudu ulos, kirjaudu uudelleen sisään (jonkin kirjautumistapasi koodilla, jos sinulla on sellainen) ja tee muutos 5 minuutin kuluessa.
me-app-name-missing = Anna sovelluksen nimi.
me-app-name-too-long = Nimi on liian pitkä: käytä enintään 80 merkkiä.
me-app-address-too-long = Osoite on liian pitkä: käytä enintään 300 merkkiä.
me-app-login-too-long = Käyttäjänimi on liian pitkä: käytä enintään 200 merkkiä.
me-app-password-missing = Anna salasana.
me-app-password-too-long = Salasana on liian pitkä: käytä enintään 500 merkkiä.
me-app-too-many = Säilytät jo 100 sovellussalasanaa: poista ensin yksi.

## The default security questions (administrators' own questions are shown as written)

question-default-1 = Mikä oli ensimmäisen lemmikkisi nimi?
question-default-2 = Missä kaupungissa synnyit?
question-default-3 = Mikä oli ensimmäisen koulusi nimi?
question-default-4 = Mikä on sen kadun nimi, jonka varrella kasvoit?
question-default-5 = Minkä merkkinen oli ensimmäinen autosi?
question-default-6 = Mikä on vanhimman serkkusi etunimi?
question-default-7 = Missä kaupungissa vanhempasi tapasivat?
question-default-8 = Mikä oli ensimmäinen konsertti, jossa kävit?
question-default-9 = Mikä oli lempinimesi lapsena?
question-default-10 = Mikä on vanhimman sisaruksesi toinen nimi?

## Notices sent by email or webhook: never a code, password or answer

notice-footer = Tämän viestin lähetti Regain, organisaatiosi kirjautumispalvelu. Älä vastaa siihen.
notice-enrollment_declined-subject = Regain: { $user } lykkäsi turvakysymysten käyttöönottoa
notice-enrollment_declined-body = Käyttäjä { $user } valitsi ”Myöhemmin” turvakysymysten käyttöönoton sijaan { $at }. Ennen kuin hän ottaa ne käyttöön, hän ei voi itse vaihtaa unohtunutta salasanaansa.
notice-locked_out-subject = Regain: { $user } on lukittu
notice-locked_out-body = Liian monta väärää toisen tekijän yritystä lukitsi käyttäjän { $user } { $at }. Jos se ei ollut käyttäjä itse, joku saattaa arvailla; ylläpitäjä voi avata tilin konsolissa.
notice-push_limit-subject = Regain: push-raja täyttyi käyttäjällä { $user }
notice-push_limit-body = { $at } push-pyyntö käyttäjälle { $user } hylättiin, koska push-pyyntöjen raja oli täynnä (lähde: { $source }). Monta push-pyyntöä lyhyessä ajassa voi olla hyökkääjä, joka toivoo jonkin niistä tulevan hyväksytyksi.
notice-audit_write_failed-subject = Regain: tarkastusmerkintää ei voitu kirjoittaa
notice-audit_write_failed-body = { $at } Regain ei voinut kirjoittaa tarkastusmerkintää (toiminto { $action }, käyttäjä { $user }), joten muutosta ei tehty. Tarkista tietokannan tila ja vapaa tila nyt.
notice-password_changed-subject = Salasanasi on vaihdettu
notice-password_changed-body = Hei { $user }, tilisi salasana vaihdettiin tai nollattiin { $at }. Jos se et ollut sinä, ota heti yhteyttä tukipalveluun.
notice-account_unlocked-subject = Tilisi lukitus on avattu
notice-account_unlocked-body = Hei { $user }, tilisi lukitus avattiin { $at }. Jos et pyytänyt sitä, ota heti yhteyttä tukipalveluun.
notice-temp_code_issued-subject = Sinulle on myönnetty väliaikainen kirjautumiskoodi
notice-temp_code_issued-body = Hei { $user }, tilillesi myönnettiin väliaikainen kirjautumiskoodi { $at }; se on voimassa { $expires } asti. Itse koodia ei koskaan lähetetä sähköpostilla. Jos et pyytänyt sitä tukipalvelusta, soita sinne heti.
notice-temp_code_used-subject = Väliaikaista kirjautumiskoodiasi on käytetty
notice-temp_code_used-body = Hei { $user }, väliaikaista kirjautumiskoodiasi käytettiin { $at } (osoitteesta { $source }). Jos se et ollut sinä, soita heti tukipalveluun.
notice-temp_code_revoked-subject = Väliaikainen kirjautumiskoodisi on peruttu
notice-temp_code_revoked-body = Hei { $user }, väliaikainen kirjautumiskoodisi peruttiin { $at }; se ei enää toimi.
notice-method_enrolled-subject = Tiliisi on lisätty uusi kirjautumistapa
notice-method_enrolled-body = Hei { $user }, tiliisi lisättiin uusi kirjautumistapa { $at }: { $kind }. Jos se et ollut sinä, ota heti yhteyttä tukipalveluun.
notice-phone_changed-subject = Kirjautumiskoodien puhelinnumerosi on vaihdettu
notice-phone_changed-body = Hei { $user }, kirjautumiskoodiesi puhelinnumero vaihdettiin numeroon { $number } { $at }. Jos se et ollut sinä, ota heti yhteyttä tukipalveluun.
notice-test-subject = Regain: testiviesti
notice-test-body = Tämä on Regainin testiviesti, lähetetty { $at }. Jos pystyt lukemaan sen, ilmoitukset tulevat perille tähän osoitteeseen.
