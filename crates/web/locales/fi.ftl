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
enroll-change-reauth = Jos haluat muuttaa vastauksiasi, vahvista ensin koodi jollakin kirjautumistavallasi (kirjaudu uudelleen sisään).
enroll-not-offered = Käyttäjäkäytäntösi ei tarjoa salasanan omatoimista palautusta.
answers-wrong-count = Vastaa täsmälleen { $expected } kysymykseen.
answers-unknown-question = Valitse kukin kysymys luettelosta vain kerran.
answers-mandatory-missing = Vastaa kysymykseen ”{ $question }”: se kysytään aina.
answer-too-short = Vastaus kysymykseen ”{ $question }” on liian lyhyt: käytä vähintään 3 merkkiä.
answer-too-long = Vastaus kysymykseen ”{ $question }” on liian pitkä: käytä enintään 200 merkkiä.
answer-same-as-another = Vastaus kysymykseen ”{ $question }” on sama kuin toinen vastaus: anna jokaiseen kysymykseen oma vastauksensa.
answer-is-user-name = Vastaus kysymykseen ”{ $question }” on käyttäjänimesi: valitse vastaus, jonka vain sinä tiedät.
answer-is-password = Vastaus kysymykseen ”{ $question }” on salasanasi: älä koskaan käytä salasanaasi vastauksena.

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
