"""Demo data for cii_events: two events and a set of invented participants.

Pure data, no logic. Every person named here is invented; institutions may be
real Swiss bodies. E-mail addresses use example.ch / example.org only.
Every translated text is a dict with the keys "de", "fr", "it", "en".
"""

from __future__ import annotations

EVENTS: list[dict] = [
    # ------------------------------------------------------------------
    # National CII Days 2027, Fribourg (two days)
    # ------------------------------------------------------------------
    {
        "slug": "iiz-tagung-2027",
        # Two days: people choose the days they attend (a few of the invented ones come on day 1 only).
        "day_choice": True,
        "kind": "national_day",
        "title": {
            "de": "Nationale IIZ-Tagung 2027",
            "fr": "Journées nationales CII 2027",
            "it": "Giornate nazionali CII 2027",
            "en": "National CII Days 2027",
        },
        "summary": {
            "de": "Zwei Tage mit Referaten, Workshops und Austausch für alle, die in der interinstitutionellen Zusammenarbeit Menschen den Weg in Arbeit und Ausbildung ebnen.",
            "fr": "Deux journées d'exposés, d'ateliers et d'échanges pour toutes celles et ceux qui, dans la collaboration interinstitutionnelle, ouvrent aux personnes le chemin de l'emploi et de la formation.",
            "it": "Due giornate di relazioni, workshop e scambi per tutte e tutti coloro che, nella collaborazione interistituzionale, aprono alle persone la strada verso il lavoro e la formazione.",
            "en": "Two days of talks, workshops and exchange for everyone in interinstitutional collaboration who helps people find their way into work and training.",
        },
        "description": {
            "de": (
                "Die Nationale IIZ-Tagung 2027 findet im zweisprachigen Kanton Freiburg statt und steht unter dem Motto "
                "«Brücken bauen: Übergänge gemeinsam gestalten». Sie richtet sich an die kantonalen IIZ-Koordinatorinnen "
                "und -Koordinatoren, an Fachpersonen aus Arbeitslosenversicherung, Invalidenversicherung, Sozialhilfe, "
                "Berufsbildung sowie Migration und Integration, an Städte und Gemeinden, an die Bundesämter und an alle "
                "weiteren Interessierten.\n\n"
                "Referate aus Praxis und Forschung zeigen, wo die Übergänge zwischen den Systemen heute noch holpern und "
                "wie sie gelingen können. In elf Workshops an zwei Tagen tauschen Sie sich mit Kolleginnen und Kollegen "
                "aus der ganzen Schweiz über konkrete Lösungen aus – von der gemeinsamen Fallführung bis zum Datenaustausch.\n\n"
                "Die Plenumsveranstaltungen werden simultan Deutsch–Französisch übersetzt; die Workshops finden auf "
                "Deutsch, auf Französisch oder zweisprachig statt. Am Abend des ersten Tages lädt der Kanton Freiburg zum "
                "Nachtessen ein; bitte melden Sie sich dafür separat an. Die Workshop-Plätze werden in der Reihenfolge "
                "der Anmeldungen vergeben."
            ),
            "fr": (
                "Les Journées nationales CII 2027 se tiennent dans le canton bilingue de Fribourg, sous le thème "
                "«Construire des ponts: façonner ensemble les transitions». Elles s'adressent aux coordinatrices et "
                "coordinateurs CII cantonaux, aux spécialistes de l'assurance-chômage, de l'assurance-invalidité, de "
                "l'aide sociale, de la formation professionnelle ainsi que de la migration et de l'intégration, aux "
                "villes et aux communes, aux offices fédéraux et à toute autre personne intéressée.\n\n"
                "Des exposés issus de la pratique et de la recherche montrent où les transitions entre les systèmes "
                "coincent encore et comment les réussir. Dans onze ateliers répartis sur deux jours, vous échangez avec "
                "des collègues de toute la Suisse sur des solutions concrètes, de la gestion de cas commune à l'échange "
                "de données.\n\n"
                "Les séances plénières bénéficient d'une traduction simultanée allemand–français; les ateliers ont lieu "
                "en allemand, en français ou dans les deux langues. Le soir du premier jour, le canton de Fribourg vous "
                "convie à un souper; merci de vous y inscrire séparément. Les places dans les ateliers sont attribuées "
                "dans l'ordre des inscriptions."
            ),
            "it": (
                "Le Giornate nazionali CII 2027 si svolgono nel Cantone bilingue di Friburgo e hanno per tema "
                "«Costruire ponti: dare forma insieme alle transizioni». Si rivolgono alle coordinatrici e ai "
                "coordinatori cantonali CII, alle e agli specialisti dell'assicurazione contro la disoccupazione, "
                "dell'assicurazione invalidità, dell'assistenza sociale, della formazione professionale, della migrazione "
                "e dell'integrazione, alle città e ai Comuni, agli uffici federali e a tutte le altre persone interessate.\n\n"
                "Relazioni dalla pratica e dalla ricerca mostrano dove le transizioni tra i sistemi si inceppano ancora "
                "e come possono riuscire. In undici workshop nell'arco delle due giornate potrete confrontarvi con "
                "colleghe e colleghi di tutta la Svizzera su soluzioni concrete, dalla gestione comune dei casi allo "
                "scambio di dati.\n\n"
                "Le sessioni plenarie sono tradotte simultaneamente in tedesco e francese; i workshop si tengono in "
                "tedesco, in francese o in entrambe le lingue. La sera del primo giorno il Cantone di Friburgo vi invita "
                "a cena: vi preghiamo di iscrivervi separatamente. I posti nei workshop sono assegnati in ordine di "
                "iscrizione."
            ),
            "en": (
                "The National CII Days 2027 take place in the bilingual canton of Fribourg under the theme "
                "“Building bridges: shaping transitions together”. They are aimed at cantonal CII coordinators, at "
                "professionals from unemployment insurance, disability insurance, social assistance, vocational "
                "education and training, migration and integration, at cities and communes, at the federal offices "
                "and at anyone else with an interest in the field.\n\n"
                "Talks from practice and research show where the transitions between systems still falter and how they "
                "can succeed. In eleven workshops over two days, you can discuss concrete solutions with colleagues "
                "from all over Switzerland, from joint case management to data exchange.\n\n"
                "Plenary sessions are interpreted simultaneously between German and French; workshops are held in "
                "German, French or both. On the evening of the first day, the canton of Fribourg invites you to dinner; "
                "please register for it separately. Workshop places are allocated in order of registration."
            ),
        },
        "venue": "Forum Fribourg",
        "address": "Route du Lac 12, 1763 Granges-Paccot",
        "how_to_get_there": {
            "de": "Ab Bahnhof Freiburg mit dem TPF-Bus Linie 1 Richtung Portes de Fribourg bis zur Endhaltestelle (rund 15 Minuten), danach 5 Minuten zu Fuss. Mit dem Auto: Autobahn A12, Ausfahrt Fribourg-Nord; die Parkplätze sind beschränkt.",
            "fr": "Depuis la gare de Fribourg, prenez le bus TPF n° 1 direction Portes de Fribourg jusqu'au terminus (environ 15 minutes), puis comptez 5 minutes à pied. En voiture : autoroute A12, sortie Fribourg-Nord ; les places de parc sont limitées.",
            "it": "Dalla stazione di Friburgo prendete il bus TPF n. 1 in direzione Portes de Fribourg fino al capolinea (circa 15 minuti), poi 5 minuti a piedi. In auto: autostrada A12, uscita Fribourg-Nord; i posteggi sono limitati.",
            "en": "From Fribourg station, take TPF bus no. 1 towards Portes de Fribourg to the last stop (about 15 minutes), then walk for 5 minutes. By car: A12 motorway, exit Fribourg-Nord; parking is limited.",
        },
        "host_canton": "FR",
        "start_offset_days": 75,
        "days": 2,
        "registration_opens_offset_days": -3,
        "registration_closes_offset_days": 60,
        "capacity": 220,
        "waitlist": True,
        "languages": ["de", "fr"],
        "contact_email": "iiz-tagung@example.ch",
        "privacy_notice": {
            "de": (
                "Datenschutzerklärung zur Anmeldung für die Nationale IIZ-Tagung 2027\n\n"
                "Verantwortlich: Nationale IIZ-Fachstelle, Laupenstrasse 47, 3008 Bern, datenschutz@example.ch.\n\n"
                "Zweck: Wir bearbeiten Ihre Daten nach dem Bundesgesetz über den Datenschutz (DSG), um Ihre Anmeldung, "
                "Ihre Workshop-Plätze und allfällige Wartelistenplätze zu verwalten, Namensschilder zu drucken, die "
                "Verpflegung zu planen, Ihnen Informationen zur Tagung zu senden und anonyme Statistiken zu erstellen.\n\n"
                "Bearbeitete Daten: Name, E-Mail-Adresse, Organisation, Funktion, Art der Institution, Kanton, "
                "Korrespondenzsprache, gewählte Programmpunkte und Anwesenheit. Angaben zu Ernährung oder "
                "Barrierefreiheit sind freiwillig; weil sie Rückschlüsse auf Ihre Gesundheit zulassen können, bearbeiten "
                "wir sie nur mit Ihrer ausdrücklichen Einwilligung und ausschliesslich für die Organisation vor Ort. "
                "Eine Teilnehmendenliste geben wir nur mit Ihrer Zustimmung weiter.\n\n"
                "Empfänger: der Gastkanton Freiburg als Mitveranstalter, das Forum Fribourg als Tagungsort, der Caterer "
                "(nur Name und Ernährungsangaben) sowie unser Hosting-Anbieter, der die Daten in der Schweiz speichert. "
                "Eine Bekanntgabe ins Ausland findet nicht statt.\n\n"
                "Aufbewahrung: Wir löschen oder anonymisieren Ihre Daten 12 Monate nach der Tagung.\n\n"
                "Ihre Rechte: Sie können jederzeit kostenlos Auskunft über Ihre Daten verlangen (Art. 25 DSG, Antwort "
                "innert 30 Tagen), deren Berichtigung oder Löschung fordern (Art. 32 DSG), Ihre Angaben in einem "
                "gängigen elektronischen Format erhalten und erteilte Einwilligungen widerrufen. Kontakt: "
                "datenschutz@example.ch oder die obige Postadresse."
            ),
            "fr": (
                "Déclaration de protection des données relative à l'inscription aux Journées nationales CII 2027\n\n"
                "Responsable du traitement: Bureau national CII, Laupenstrasse 47, 3008 Berne, datenschutz@example.ch.\n\n"
                "Finalité: conformément à la loi fédérale sur la protection des données (LPD), nous traitons vos données "
                "pour gérer votre inscription, vos places dans les ateliers et, le cas échéant, sur la liste d'attente, "
                "imprimer les badges, planifier la restauration, vous envoyer des informations sur les journées et "
                "établir des statistiques anonymes.\n\n"
                "Données traitées: nom, adresse électronique, organisation, fonction, type d'institution, canton, langue "
                "de correspondance, éléments du programme choisis et présence. Les indications sur l'alimentation ou "
                "l'accessibilité sont facultatives; comme elles peuvent révéler des informations sur votre santé, nous "
                "ne les traitons qu'avec votre consentement exprès et uniquement pour l'organisation sur place. Nous ne "
                "transmettons une liste des participants qu'avec votre accord.\n\n"
                "Destinataires: le canton hôte de Fribourg en tant que coorganisateur, Forum Fribourg en tant que lieu "
                "de la manifestation, le traiteur (uniquement le nom et les indications alimentaires) ainsi que notre "
                "hébergeur, qui stocke les données en Suisse. Aucune donnée n'est communiquée à l'étranger.\n\n"
                "Conservation: vos données sont effacées ou anonymisées 12 mois après les journées.\n\n"
                "Vos droits: vous pouvez en tout temps et gratuitement demander l'accès à vos données (art. 25 LPD, "
                "réponse dans les 30 jours), en exiger la rectification ou l'effacement (art. 32 LPD), les recevoir "
                "dans un format électronique courant et révoquer un consentement donné. Contact: "
                "datenschutz@example.ch ou l'adresse postale ci-dessus."
            ),
            "it": (
                "Informativa sulla protezione dei dati per l'iscrizione alle Giornate nazionali CII 2027\n\n"
                "Titolare del trattamento: Ufficio nazionale CII, Laupenstrasse 47, 3008 Berna, datenschutz@example.ch.\n\n"
                "Scopo: conformemente alla legge federale sulla protezione dei dati (LPD), trattiamo i vostri dati per "
                "gestire la vostra iscrizione, i posti nei workshop ed eventualmente in lista d'attesa, stampare i "
                "badge, pianificare la ristorazione, inviarvi informazioni sulle giornate e allestire statistiche "
                "anonime.\n\n"
                "Dati trattati: nome, indirizzo e-mail, organizzazione, funzione, tipo di istituzione, Cantone, lingua "
                "di corrispondenza, punti del programma scelti e presenza. Le indicazioni su alimentazione o "
                "accessibilità sono facoltative; poiché possono rivelare informazioni sulla vostra salute, le trattiamo "
                "solo con il vostro consenso esplicito ed esclusivamente per l'organizzazione sul posto. Trasmettiamo un "
                "elenco dei partecipanti solo con il vostro accordo.\n\n"
                "Destinatari: il Cantone ospitante di Friburgo in qualità di co-organizzatore, il Forum Fribourg quale "
                "sede dell'evento, il servizio di catering (solo nome e indicazioni alimentari) e il nostro fornitore di "
                "hosting, che conserva i dati in Svizzera. Non avviene alcuna comunicazione di dati all'estero.\n\n"
                "Conservazione: i vostri dati vengono cancellati o resi anonimi 12 mesi dopo le giornate.\n\n"
                "I vostri diritti: potete in ogni momento chiedere gratuitamente informazioni sui vostri dati (art. 25 "
                "LPD, risposta entro 30 giorni), esigerne la rettifica o la cancellazione (art. 32 LPD), riceverli in un "
                "formato elettronico di uso comune e revocare un consenso dato. Contatto: datenschutz@example.ch o "
                "l'indirizzo postale indicato sopra."
            ),
            "en": (
                "Privacy notice for registration to the National CII Days 2027\n\n"
                "Controller: National CII Office, Laupenstrasse 47, 3008 Bern, datenschutz@example.ch.\n\n"
                "Purpose: in accordance with the Federal Act on Data Protection (FADP), we process your data to manage "
                "your registration, your workshop places and any waiting-list places, print badges, plan catering, "
                "send you information about the event and produce anonymous statistics.\n\n"
                "Data processed: name, email address, organisation, job title, type of institution, canton, "
                "correspondence language, selected programme items and attendance. Information on dietary or "
                "accessibility needs is optional; because it may reveal information about your health, we only process "
                "it with your explicit consent and solely for on-site arrangements. We only share a list of "
                "participants with your consent.\n\n"
                "Recipients: the host canton of Fribourg as co-organiser, Forum Fribourg as the venue, the caterer "
                "(name and dietary information only) and our hosting provider, which stores the data in Switzerland. "
                "No data is disclosed abroad.\n\n"
                "Retention: your data is deleted or anonymised 12 months after the event.\n\n"
                "Your rights: you may at any time and free of charge request access to your data (Art. 25 FADP, reply "
                "within 30 days), ask for it to be corrected or deleted (Art. 32 FADP), receive your data in a common "
                "electronic format and withdraw any consent you have given. Contact: datenschutz@example.ch or the "
                "postal address above."
            ),
        },
        "privacy_version": "2027-01",
        "retention_days": 365,
        "slots": [
            # ---------------- Day 0 ----------------
            {
                "day": 0,
                "start": "09:30",
                "end": "10:00",
                "kind": "talks",
                "title": {
                    "de": "Begrüssung",
                    "fr": "Accueil et bienvenue",
                    "it": "Benvenuto",
                    "en": "Welcome",
                },
                "description": {
                    "de": "Ab 8.45 Uhr Empfang mit Kaffee und Abgabe der Namensschilder. Begrüssung durch Hélène Marmy-Clément, Staatsrätin des Kantons Freiburg, und Dr. Corinne Aebersold, Leiterin der Nationalen IIZ-Fachstelle.",
                    "fr": "Dès 8h45, accueil avec café et remise des badges. Mot de bienvenue d'Hélène Marmy-Clément, conseillère d'État du canton de Fribourg, et de Corinne Aebersold, responsable du Bureau national CII.",
                    "it": "Dalle 8.45 accoglienza con caffè e consegna dei badge. Saluto di Hélène Marmy-Clément, consigliera di Stato del Cantone di Friburgo, e di Corinne Aebersold, responsabile dell'Ufficio nazionale CII.",
                    "en": "Coffee and badge pick-up from 08:45. Welcome addresses by Hélène Marmy-Clément, member of the Fribourg cantonal government, and Dr Corinne Aebersold, head of the National CII Office.",
                },
                "items": [],
            },
            {
                "day": 0,
                "start": "10:00",
                "end": "10:45",
                "kind": "talks",
                "title": {
                    "de": "Referat: Fachkräftemangel – und trotzdem draussen? Wer heute den Weg in den Arbeitsmarkt nicht findet",
                    "fr": "Exposé : pénurie de main-d'œuvre, et pourtant exclus ? Qui ne trouve pas sa place sur le marché du travail aujourd'hui",
                    "it": "Relazione: carenza di manodopera, eppure esclusi? Chi oggi non trova la strada verso il mercato del lavoro",
                    "en": "Talk: Labour shortage – and still left out? Who cannot find a way into the labour market today",
                },
                "description": {
                    "de": "Prof. Dr. Matthias Gerber-Lüthi (Berner Fachhochschule, Departement Soziale Arbeit) zeigt anhand neuer Verlaufsdaten, welche Menschen trotz Fachkräftemangel zwischen Arbeitslosenversicherung, IV und Sozialhilfe hängen bleiben – und was die IIZ dagegen tun kann.",
                    "fr": "Le professeur Matthias Gerber-Lüthi (Haute école spécialisée bernoise, département Travail social) montre, à partir de nouvelles données de parcours, quelles personnes restent bloquées entre l'assurance-chômage, l'AI et l'aide sociale malgré la pénurie de main-d'œuvre, et ce que la CII peut faire pour y remédier.",
                    "it": "Il professor Matthias Gerber-Lüthi (Scuola universitaria professionale di Berna, dipartimento Lavoro sociale) mostra, sulla base di nuovi dati sui percorsi, quali persone restano bloccate tra assicurazione contro la disoccupazione, AI e assistenza sociale nonostante la carenza di manodopera, e che cosa può fare la CII per porvi rimedio.",
                    "en": "Professor Matthias Gerber-Lüthi (Bern University of Applied Sciences, School of Social Work) uses new longitudinal data to show who remains stuck between unemployment insurance, disability insurance and social assistance despite the labour shortage – and what CII can do about it.",
                },
                "items": [],
            },
            {
                "day": 0,
                "start": "11:00",
                "end": "11:45",
                "kind": "talks",
                "title": {
                    "de": "Referat: Strategie öffentliche Arbeitsvermittlung 2030 – was sie für die IIZ-Partner bedeutet",
                    "fr": "Exposé : la stratégie du service public de l'emploi 2030 et ce qu'elle implique pour les partenaires CII",
                    "it": "Relazione: la strategia del servizio pubblico di collocamento 2030 e che cosa significa per i partner CII",
                    "en": "Talk: The Public Employment Service Strategy 2030 and what it means for CII partners",
                },
                "description": {
                    "de": "Nadia Ferrari-Kunz (SECO, Arbeitsmarkt und Arbeitslosenversicherung) und Jean-Daniel Oberson (Amt für den Arbeitsmarkt des Kantons Freiburg) erläutern, warum die RAV bei Stellensuchenden mit vielfältigen Problemlagen stärker auf Partner aus Sozialhilfe, Bildung und Migration angewiesen sind, und zeigen erste Umsetzungsbeispiele. Das Referat wird zweisprachig gehalten.",
                    "fr": "Nadia Ferrari-Kunz (SECO, Marché du travail et assurance-chômage) et Jean-Daniel Oberson (Service public de l'emploi du canton de Fribourg) expliquent pourquoi les ORP doivent davantage s'appuyer sur les partenaires de l'aide sociale, de la formation et de la migration pour les demandeurs d'emploi aux problématiques multiples, et présentent de premiers exemples de mise en œuvre. L'exposé est donné dans les deux langues.",
                    "it": "Nadia Ferrari-Kunz (SECO, Mercato del lavoro e assicurazione contro la disoccupazione) e Jean-Daniel Oberson (Servizio pubblico dell'impiego del Cantone di Friburgo) spiegano perché, per le persone in cerca d'impiego con problematiche multiple, gli URC devono appoggiarsi maggiormente sui partner dell'assistenza sociale, della formazione e della migrazione, e presentano i primi esempi di attuazione. La relazione è tenuta in due lingue.",
                    "en": "Nadia Ferrari-Kunz (SECO, Labour Market and Unemployment Insurance) and Jean-Daniel Oberson (Public Employment Service, canton of Fribourg) explain why regional employment centres need to rely more on partners in social assistance, education and migration when supporting jobseekers with complex needs, and present first examples of implementation. The talk is given in both languages.",
                },
                "items": [],
            },
            {
                "day": 0,
                "start": "11:45",
                "end": "13:15",
                "kind": "talks",
                "title": {
                    "de": "Mittagessen und Networking",
                    "fr": "Repas de midi et réseautage",
                    "it": "Pranzo e networking",
                    "en": "Lunch and networking",
                },
                "description": {
                    "de": "Stehlunch im Foyer. Ihre Angaben zur Ernährung aus der Anmeldung werden berücksichtigt.",
                    "fr": "Buffet debout dans le foyer. Nous tenons compte des indications alimentaires fournies lors de l'inscription.",
                    "it": "Pranzo in piedi nel foyer. Teniamo conto delle indicazioni alimentari fornite al momento dell'iscrizione.",
                    "en": "Standing lunch in the foyer. Dietary requirements given at registration are taken into account.",
                },
                "items": [],
            },
            {
                "day": 0,
                "start": "13:15",
                "end": "15:00",
                "kind": "choice",
                "title": {
                    "de": "Workshops Block A",
                    "fr": "Ateliers, série A",
                    "it": "Workshop, blocco A",
                    "en": "Workshops, session A",
                },
                "description": {
                    "de": "Wählen Sie einen der sechs Workshops. Kaffee steht in den Räumen bereit.",
                    "fr": "Choisissez l'un des six ateliers. Du café est à disposition dans les salles.",
                    "it": "Scegliete uno dei sei workshop. Nelle sale è a disposizione del caffè.",
                    "en": "Choose one of the six workshops. Coffee is available in the rooms.",
                },
                "items": [
                    {
                        "code": "A1",
                        "title": {
                            "de": "Gemeinsame Fallführung: Case Management über Institutionsgrenzen hinweg",
                            "fr": "Gestion de cas commune : un suivi au-delà des frontières institutionnelles",
                            "it": "Gestione comune dei casi: un accompagnamento oltre i confini istituzionali",
                            "en": "Joint case management across institutional boundaries",
                        },
                        "description": {
                            "de": "Wer führt den Fall, wenn IV, RAV und Sozialhilfe gleichzeitig beteiligt sind? Zwei Kantone zeigen ihre Vereinbarungen zur Fallführung und was sich in der Praxis bewährt hat.",
                            "fr": "Qui pilote le dossier lorsque l'AI, l'ORP et l'aide sociale interviennent en même temps ? Deux cantons présentent leurs conventions de gestion de cas et ce qui a fait ses preuves sur le terrain.",
                            "it": "Chi guida il caso quando AI, URC e assistenza sociale intervengono contemporaneamente? Due Cantoni presentano i loro accordi sulla gestione dei casi e ciò che si è dimostrato efficace nella pratica.",
                            "en": "Who leads the case when disability insurance, the regional employment centre and social assistance are all involved? Two cantons present their case-management agreements and what has worked in practice.",
                        },
                        "room": "Salle Sarine",
                        "languages": ["de", "fr"],
                        "moderators": "Sandra Zurbriggen (IV-Stelle Wallis), Olivier Jaquier (Service de l'action sociale, canton de Fribourg)",
                        "capacity": 40,
                    },
                    {
                        "code": "A2",
                        "title": {
                            "de": "Junge Erwachsene ohne Berufsabschluss: eine zweite Chance auf eine Lehre",
                            "fr": "Jeunes adultes sans formation professionnelle : une seconde chance pour un apprentissage",
                            "it": "Giovani adulti senza formazione professionale: una seconda possibilità per un tirocinio",
                            "en": "Young adults without vocational qualifications: a second chance at an apprenticeship",
                        },
                        "description": {
                            "de": "Wie finden 18- bis 25-Jährige aus der Sozialhilfe den Weg in eine berufliche Grundbildung? Das Case Management Berufsbildung, die Sozialhilfe und Lehrbetriebe berichten von gemeinsamen Angeboten und Stolpersteinen.",
                            "fr": "Comment les jeunes de 18 à 25 ans à l'aide sociale trouvent-ils le chemin d'une formation professionnelle initiale ? Le Case Management Formation professionnelle, l'aide sociale et des entreprises formatrices présentent leurs offres communes et les écueils rencontrés.",
                            "it": "Come possono i giovani tra i 18 e i 25 anni in assistenza sociale trovare la strada verso una formazione professionale di base? Il Case Management Formazione professionale, l'assistenza sociale e alcune aziende formatrici presentano offerte comuni e ostacoli incontrati.",
                            "en": "How can 18 to 25-year-olds on social assistance find their way into initial vocational education and training? Case Management for Vocational Education, social services and training companies share their joint programmes and the pitfalls they have met.",
                        },
                        "room": "Salle Gruyère",
                        "languages": ["de"],
                        "moderators": "Simone Achermann (Dienststelle Berufs- und Weiterbildung Kanton Luzern), Reto Gisler (Soziale Dienste Stadt Winterthur)",
                        "capacity": 30,
                    },
                    {
                        "code": "A3",
                        "title": {
                            "de": "Integrationsagenda: Geflüchtete nachhaltig in den Arbeitsmarkt begleiten",
                            "fr": "Agenda Intégration : accompagner durablement les personnes réfugiées vers l'emploi",
                            "it": "Agenda Integrazione: accompagnare in modo duraturo le persone rifugiate verso il lavoro",
                            "en": "Integration Agenda: supporting refugees into lasting employment",
                        },
                        "description": {
                            "de": "Der Übergang von der Integrationsförderung zur öffentlichen Arbeitsvermittlung ist für anerkannte Flüchtlinge, vorläufig Aufgenommene und Schutzsuchende mit Status S entscheidend. Wir diskutieren Rollen, gemeinsame Massnahmenkataloge und die Finanzierung.",
                            "fr": "Le passage de l'encouragement de l'intégration au service public de l'emploi est décisif pour les réfugiés reconnus, les personnes admises à titre provisoire et les personnes à protéger titulaires du statut S. Nous discutons des rôles, des catalogues de mesures communs et du financement.",
                            "it": "Il passaggio dalla promozione dell'integrazione al servizio pubblico di collocamento è decisivo per i rifugiati riconosciuti, le persone ammesse provvisoriamente e le persone bisognose di protezione con statuto S. Discutiamo di ruoli, cataloghi comuni di provvedimenti e finanziamento.",
                            "en": "The handover from integration support to the public employment service is decisive for recognised refugees, provisionally admitted persons and people with protection status S. We discuss roles, shared catalogues of measures and funding.",
                        },
                        "room": "Salle Broye",
                        "languages": ["fr"],
                        "moderators": "Amélie Corboz (Bureau cantonal pour l'intégration, Vaud), Kaltrina Berisha (Office cantonal de l'emploi, Genève)",
                        "capacity": 30,
                    },
                    {
                        "code": "A4",
                        "title": {
                            "de": "Datenaustausch und Einwilligung zwischen IV, ALV und Sozialhilfe",
                            "fr": "Échange de données et consentement entre l'AI, l'AC et l'aide sociale",
                            "it": "Scambio di dati e consenso tra AI, AD e assistenza sociale",
                            "en": "Data exchange and consent between disability insurance, unemployment insurance and social assistance",
                        },
                        "description": {
                            "de": "Was dürfen die Institutionen einander ohne Einwilligung mitteilen, und wie sieht eine gültige Einwilligungserklärung aus? Ein Praxislabor in kleiner Gruppe, das mit konkreten Fällen der Teilnehmenden arbeitet.",
                            "fr": "Que peuvent se communiquer les institutions sans consentement, et à quoi ressemble une déclaration de consentement valable ? Un laboratoire pratique en petit groupe, à partir de cas concrets apportés par les participants.",
                            "it": "Che cosa possono comunicarsi le istituzioni senza consenso e come si presenta una dichiarazione di consenso valida? Un laboratorio pratico in piccolo gruppo, basato su casi concreti portati dai partecipanti.",
                            "en": "What may institutions share with each other without consent, and what does a valid consent form look like? A hands-on lab in a small group, working on real cases brought by participants.",
                        },
                        "room": "Salle Singine",
                        "languages": ["de", "fr"],
                        "moderators": "Christine Hediger (Rechtsdienst, Amt für Wirtschaft und Arbeit Kanton Zürich), Philippe Monnard (Office de l'assurance-invalidité du canton de Fribourg)",
                        "capacity": 12,
                    },
                    {
                        "code": "A5",
                        "title": {
                            "de": "Arbeitgebende gewinnen: Job Coaching und abgestimmter Arbeitgeberkontakt",
                            "fr": "Gagner les employeurs : job coaching et contacts coordonnés avec les entreprises",
                            "it": "Conquistare i datori di lavoro: job coaching e contatti coordinati con le aziende",
                            "en": "Winning over employers: job coaching and coordinated employer contact",
                        },
                        "description": {
                            "de": "Arbeitgebende ärgern sich, wenn RAV, IV und Sozialdienste einzeln anklopfen. Der Workshop zeigt, wie ein gemeinsamer Zugang zu den Betrieben und ein gut begleitetes Job Coaching Stellen schaffen und sichern.",
                            "fr": "Les employeurs se lassent lorsque l'ORP, l'AI et les services sociaux frappent chacun à leur porte. L'atelier montre comment un accès commun aux entreprises et un job coaching bien encadré permettent de décrocher des emplois et de les maintenir.",
                            "it": "I datori di lavoro si spazientiscono quando URC, AI e servizi sociali bussano ciascuno alla loro porta. Il workshop mostra come un accesso comune alle aziende e un job coaching ben accompagnato permettano di trovare e mantenere posti di lavoro.",
                            "en": "Employers grow weary when the employment centre, disability insurance and social services each knock on their door separately. This workshop shows how a shared approach to companies and well-supported job coaching create and secure jobs.",
                        },
                        "room": "Salle Glâne",
                        "languages": ["de"],
                        "moderators": "Adrian Blaser (RAV Bern, Arbeitgeberberatung), Jasmin Odermatt (IV-Stelle Nidwalden, Job Coaching)",
                        "capacity": 25,
                    },
                    {
                        "code": "A6",
                        "title": {
                            "de": "Psychische Gesundheit am Arbeitsplatz: früh erkennen, gemeinsam handeln",
                            "fr": "Santé mentale au travail : détecter tôt, agir ensemble",
                            "it": "Salute mentale sul lavoro: riconoscere presto, agire insieme",
                            "en": "Mental health at work: spotting problems early, acting together",
                        },
                        "description": {
                            "de": "Psychische Erkrankungen sind heute die häufigste Ursache für neue IV-Renten. Wie können die Früherfassung der IV, Krankentaggeldversicherer, Ärzteschaft und Arbeitgebende zusammenarbeiten, damit die Stelle erhalten bleibt?",
                            "fr": "Les troubles psychiques sont aujourd'hui la première cause de nouvelles rentes AI. Comment la détection précoce de l'AI, les assureurs perte de gain maladie, le corps médical et les employeurs peuvent-ils coopérer pour maintenir l'emploi ?",
                            "it": "I disturbi psichici sono oggi la causa più frequente di nuove rendite AI. Come possono il rilevamento tempestivo dell'AI, gli assicuratori d'indennità giornaliera di malattia, i medici e i datori di lavoro collaborare per mantenere il posto di lavoro?",
                            "en": "Mental illness is now the most common cause of new disability pensions. How can early detection by disability insurance, sickness-benefit insurers, doctors and employers work together so that people keep their jobs?",
                        },
                        "room": "Salle Veveyse",
                        "languages": ["fr"],
                        "moderators": "Dre Céline Vuilleumier (Réseau fribourgeois de santé mentale), Yann Perroud (Suva, agence de Fribourg)",
                        "capacity": 20,
                    },
                ],
            },
            {
                "day": 0,
                "start": "15:30",
                "end": "16:45",
                "kind": "talks",
                "title": {
                    "de": "Plenum: Die nationalen IIZ-Gremien im Gespräch mit den Kantonen",
                    "fr": "Plénière : les comités nationaux CII dialoguent avec les cantons",
                    "it": "Plenaria: i comitati nazionali CII a colloquio con i Cantoni",
                    "en": "Plenary: The national CII committees in conversation with the cantons",
                },
                "description": {
                    "de": "Vertreterinnen und Vertreter der nationalen IIZ-Gremien und der regionalen IIZ-Netzwerke berichten, welche Anliegen aus den Kantonen sie aufgenommen haben, und stellen sich den Fragen aus dem Saal. Moderation: Bastien Carrel. Anschliessend Kurzberichte aus den Workshops.",
                    "fr": "Des représentantes et représentants des comités nationaux CII et des réseaux régionaux CII expliquent quelles demandes des cantons ils ont reprises et répondent aux questions de la salle. Animation : Bastien Carrel. Suivi de brefs comptes rendus des ateliers.",
                    "it": "Rappresentanti dei comitati nazionali CII e delle reti regionali CII illustrano quali richieste dei Cantoni hanno raccolto e rispondono alle domande del pubblico. Moderazione: Bastien Carrel. Seguono brevi resoconti dai workshop.",
                    "en": "Representatives of the national CII committees and the regional CII networks report on the cantonal concerns they have taken up and answer questions from the floor. Moderated by Bastien Carrel. Followed by short reports from the workshops.",
                },
                "items": [],
            },
            {
                "day": 0,
                "start": "19:00",
                "end": "22:30",
                "kind": "optional",
                "title": {
                    "de": "Nachtessen",
                    "fr": "Souper",
                    "it": "Cena",
                    "en": "Dinner",
                },
                "description": {
                    "de": "Freiwillig; bitte bei der Anmeldung auswählen.",
                    "fr": "Facultatif ; merci de le sélectionner lors de l'inscription.",
                    "it": "Facoltativa; vi preghiamo di selezionarla al momento dell'iscrizione.",
                    "en": "Optional; please select it when you register.",
                },
                "items": [
                    {
                        "code": "D",
                        "title": {
                            "de": "Apéro und Nachtessen auf Einladung des Kantons Freiburg",
                            "fr": "Apéritif et souper offerts par le canton de Fribourg",
                            "it": "Aperitivo e cena offerti dal Cantone di Friburgo",
                            "en": "Drinks reception and dinner hosted by the canton of Fribourg",
                        },
                        "description": {
                            "de": "Ab 19 Uhr Apéro, danach Nachtessen mit Freiburger Spezialitäten; eine vegetarische Variante ist vorgesehen. Für angemeldete Teilnehmende kostenlos.",
                            "fr": "Apéritif dès 19h, suivi d'un souper aux spécialités fribourgeoises ; une variante végétarienne est prévue. Gratuit pour les personnes inscrites.",
                            "it": "Aperitivo dalle 19, seguito da una cena con specialità friburghesi; è prevista una variante vegetariana. Gratuita per le persone iscritte.",
                            "en": "Drinks from 19:00, followed by dinner featuring Fribourg specialities; a vegetarian option is provided. Free of charge for registered participants.",
                        },
                        "room": "Foyer Panorama, Forum Fribourg",
                        "languages": ["de", "fr"],
                        "moderators": "Hélène Marmy-Clément (Conseillère d'État, canton de Fribourg)",
                        "capacity": 120,
                    },
                ],
            },
            # ---------------- Day 1 ----------------
            {
                "day": 1,
                "start": "09:00",
                "end": "09:45",
                "kind": "talks",
                "title": {
                    "de": "Referat: Inklusion im KMU – was Arbeitgebende von der IIZ brauchen",
                    "fr": "Exposé : l'inclusion dans les PME – ce que les employeurs attendent de la CII",
                    "it": "Relazione: l'inclusione nelle PMI – che cosa si aspettano i datori di lavoro dalla CII",
                    "en": "Talk: Inclusion in SMEs – what employers need from CII",
                },
                "description": {
                    "de": "Marc-Antoine Yerly, Personalchef der Sarine Composants SA in Villars-sur-Glâne, und Priska Zwahlen, Job Coach bei der IV-Stelle Kanton Bern, berichten, wie ein Betrieb mit 300 Mitarbeitenden Menschen aus IV, RAV und Sozialhilfe beschäftigt – und warum eine einzige Ansprechperson mehr bringt als fünf Broschüren.",
                    "fr": "Marc-Antoine Yerly, chef du personnel de Sarine Composants SA à Villars-sur-Glâne, et Priska Zwahlen, job coach à l'Office AI du canton de Berne, racontent comment une entreprise de 300 collaborateurs emploie des personnes suivies par l'AI, l'ORP et l'aide sociale, et pourquoi un seul interlocuteur vaut mieux que cinq brochures.",
                    "it": "Marc-Antoine Yerly, capo del personale della Sarine Composants SA di Villars-sur-Glâne, e Priska Zwahlen, job coach presso l'Ufficio AI del Cantone di Berna, raccontano come un'azienda con 300 collaboratori impiega persone seguite da AI, URC e assistenza sociale, e perché un unico interlocutore vale più di cinque opuscoli.",
                    "en": "Marc-Antoine Yerly, head of HR at Sarine Composants SA in Villars-sur-Glâne, and Priska Zwahlen, job coach at the Bern Disability Insurance Office, describe how a 300-employee company takes on people supported by disability insurance, employment centres and social assistance – and why a single contact person achieves more than five brochures.",
                },
                "items": [],
            },
            {
                "day": 1,
                "start": "10:00",
                "end": "11:45",
                "kind": "choice",
                "title": {
                    "de": "Workshops Block B",
                    "fr": "Ateliers, série B",
                    "it": "Workshop, blocco B",
                    "en": "Workshops, session B",
                },
                "description": {
                    "de": "Wählen Sie einen der fünf Workshops.",
                    "fr": "Choisissez l'un des cinq ateliers.",
                    "it": "Scegliete uno dei cinque workshop.",
                    "en": "Choose one of the five workshops.",
                },
                "items": [
                    {
                        "code": "B1",
                        "title": {
                            "de": "Digitale Werkzeuge für die Zusammenarbeit: vom Mailverkehr zur gemeinsamen Plattform",
                            "fr": "Outils numériques pour collaborer : du courriel à la plateforme commune",
                            "it": "Strumenti digitali per collaborare: dalla posta elettronica alla piattaforma comune",
                            "en": "Digital tools for collaboration: from email to a shared platform",
                        },
                        "description": {
                            "de": "Zwei Kantone stellen ihre Plattformen für die IIZ-Fallarbeit vor: sichere Dossierablage, gemeinsame Termine und Zugriffsrechte. Was hat die Einführung gekostet, und was hat sie gebracht?",
                            "fr": "Deux cantons présentent leurs plateformes pour le travail de cas en CII : dépôt sécurisé des dossiers, agendas partagés et droits d'accès. Combien leur mise en place a-t-elle coûté et qu'a-t-elle apporté ?",
                            "it": "Due Cantoni presentano le loro piattaforme per il lavoro sui casi CII: archiviazione sicura dei dossier, agende condivise e diritti d'accesso. Quanto è costata l'introduzione e che cosa ha portato?",
                            "en": "Two cantons present their platforms for CII casework: secure file storage, shared appointments and access rights. What did the roll-out cost, and what did it deliver?",
                        },
                        "room": "Salle Sarine",
                        "languages": ["de"],
                        "moderators": "Stefan Murer (IIZ-Fachstelle Kanton St. Gallen), Carla Rüegg (Sozialamt Kanton Thurgau)",
                        "capacity": 30,
                    },
                    {
                        "code": "B2",
                        "title": {
                            "de": "IIZ-Projekte evaluieren: Wirkung messen, ohne sich zu verzetteln",
                            "fr": "Évaluer les projets CII : mesurer les effets sans se disperser",
                            "it": "Valutare i progetti CII: misurare l'efficacia senza disperdersi",
                            "en": "Evaluating CII projects: measuring impact without getting lost",
                        },
                        "description": {
                            "de": "Welche Kennzahlen zeigen, ob eine Zusammenarbeit wirkt? Forschung und Praxis entwickeln gemeinsam ein schlankes Wirkungsmodell, das sich auch ohne grosses Budget umsetzen lässt.",
                            "fr": "Quels indicateurs montrent si une collaboration porte ses fruits ? Chercheurs et praticiens élaborent ensemble un modèle d'impact simple, applicable même sans gros budget.",
                            "it": "Quali indicatori mostrano se una collaborazione funziona? Ricerca e pratica elaborano insieme un modello d'impatto snello, applicabile anche senza un grande budget.",
                            "en": "Which indicators show whether collaboration is working? Researchers and practitioners jointly build a lean impact model that can be applied even on a small budget.",
                        },
                        "room": "Salle Gruyère",
                        "languages": ["de", "fr"],
                        "moderators": "Prof. Dr. Anja Koller (Hochschule Luzern – Soziale Arbeit), Julien Favre (Haute école de travail social Fribourg)",
                        "capacity": 25,
                    },
                    {
                        "code": "B3",
                        "title": {
                            "de": "Grundkompetenzen fördern: Lesen, Schreiben, Rechnen und digitale Kompetenzen",
                            "fr": "Renforcer les compétences de base : lire, écrire, calculer et utiliser le numérique",
                            "it": "Promuovere le competenze di base: leggere, scrivere, fare di calcolo e usare il digitale",
                            "en": "Building basic skills: reading, writing, numeracy and digital skills",
                        },
                        "description": {
                            "de": "Fehlende Grundkompetenzen bremsen viele Stellensuchende. Wie erkennen RAV, Sozialdienste und IV den Bedarf, und wie nutzen sie die Weiterbildungsangebote gemeinsam?",
                            "fr": "Le manque de compétences de base freine de nombreux demandeurs d'emploi. Comment les ORP, les services sociaux et l'AI repèrent-ils les besoins et comment utilisent-ils ensemble les offres de formation continue ?",
                            "it": "Le lacune nelle competenze di base frenano molte persone in cerca d'impiego. Come riconoscono il bisogno URC, servizi sociali e AI, e come sfruttano insieme le offerte di formazione continua?",
                            "en": "Gaps in basic skills hold back many jobseekers. How do employment centres, social services and disability insurance identify the need, and how can they make joint use of continuing education programmes?",
                        },
                        "room": "Salle Broye",
                        "languages": ["fr"],
                        "moderators": "Noémie Clerc (Service des formations postobligatoires et de l'orientation, Neuchâtel), Luca Bernasconi (Divisione della formazione professionale, Ticino)",
                        "capacity": 24,
                    },
                    {
                        "code": "B4",
                        "title": {
                            "de": "Regionale IIZ-Netzwerke: wie die Kantone voneinander lernen",
                            "fr": "Réseaux régionaux CII : comment les cantons apprennent les uns des autres",
                            "it": "Reti regionali CII: come i Cantoni imparano gli uni dagli altri",
                            "en": "Regional CII networks: how cantons learn from each other",
                        },
                        "description": {
                            "de": "Mit IIZ 3.0 delegiert jedes regionale Netzwerk eine Koordinatorin oder einen Koordinator in das nationale Gremium. Wir klären, welche Anliegen die Netzwerke bündeln und wie der Wissenstransfer in beide Richtungen gelingt.",
                            "fr": "Avec la CII 3.0, chaque réseau régional délègue une coordinatrice ou un coordinateur au comité national. Nous clarifions quelles demandes les réseaux consolident et comment réussir le transfert de connaissances dans les deux sens.",
                            "it": "Con la CII 3.0 ogni rete regionale delega una coordinatrice o un coordinatore nel comitato nazionale. Chiariamo quali richieste raccolgono le reti e come far funzionare il trasferimento di conoscenze nei due sensi.",
                            "en": "Under CII 3.0, each regional network delegates one coordinator to the national committee. We clarify which concerns the networks bundle and how to make knowledge flow in both directions.",
                        },
                        "room": "Salle Moléson",
                        "languages": ["de", "fr"],
                        "moderators": "Gabriela Lötscher (IIZ-Koordinatorin Kanton Basel-Landschaft), François Seydoux (coordinateur CII, canton de Vaud)",
                        "capacity": 40,
                    },
                    {
                        "code": "B5",
                        "title": {
                            "de": "Ältere Stellensuchende: Übergänge zwischen Arbeitslosenversicherung und Sozialhilfe",
                            "fr": "Demandeurs d'emploi âgés : transitions entre assurance-chômage et aide sociale",
                            "it": "Persone in cerca d'impiego over 50: transizioni tra assicurazione contro la disoccupazione e assistenza sociale",
                            "en": "Older jobseekers: transitions between unemployment insurance and social assistance",
                        },
                        "description": {
                            "de": "Wer nach der Aussteuerung in die Sozialhilfe wechselt, verliert oft Kontakte und Massnahmen. Wie gestalten RAV und Sozialdienste den Übergang für über 50-Jährige ohne Brüche, und welche Rolle spielen die Überbrückungsleistungen?",
                            "fr": "En fin de droit, le passage à l'aide sociale signifie souvent la perte de contacts et de mesures. Comment les ORP et les services sociaux peuvent-ils assurer une transition sans rupture pour les plus de 50 ans, et quel rôle jouent les prestations transitoires ?",
                            "it": "Esaurito il diritto alle indennità, il passaggio all'assistenza sociale comporta spesso la perdita di contatti e di provvedimenti. Come possono URC e servizi sociali garantire una transizione senza interruzioni per chi ha più di 50 anni, e che ruolo hanno le prestazioni transitorie?",
                            "en": "Once unemployment benefits run out, moving to social assistance often means losing contacts and support measures. How can employment centres and social services ensure a seamless transition for people over 50, and what role do bridging benefits play?",
                        },
                        "room": "Salle Glâne",
                        "languages": ["de"],
                        "moderators": "Urs Zimmerli (Kantonales Sozialamt Zürich), Ruth Bachmann-Egli (RAV Luzern)",
                        "capacity": 20,
                    },
                ],
            },
            {
                "day": 1,
                "start": "12:00",
                "end": "13:00",
                "kind": "talks",
                "title": {
                    "de": "Schlusspodium: Übergänge gemeinsam gestalten – wie weiter?",
                    "fr": "Table ronde de clôture : façonner ensemble les transitions – et maintenant ?",
                    "it": "Tavola rotonda conclusiva: dare forma insieme alle transizioni – e adesso?",
                    "en": "Closing panel: Shaping transitions together – what next?",
                },
                "description": {
                    "de": "Mit Laura Cattaneo (IIZ-Koordinatorin Kanton Tessin), Samuel Rohrbach (Sozialamt der Stadt Bern), Aurélie Bochud (IV-Stelle Kanton Freiburg) und Konrad Egger (Staatssekretariat für Migration SEM). Moderation: Bastien Carrel. Anschliessend Stehlunch; Ende der Tagung gegen 14 Uhr.",
                    "fr": "Avec Laura Cattaneo (coordinatrice CII du canton du Tessin), Samuel Rohrbach (Service social de la ville de Berne), Aurélie Bochud (Office AI du canton de Fribourg) et Konrad Egger (Secrétariat d'État aux migrations SEM). Animation : Bastien Carrel. Suivi d'un buffet debout ; fin des journées vers 14h.",
                    "it": "Con Laura Cattaneo (coordinatrice CII del Cantone Ticino), Samuel Rohrbach (Servizio sociale della Città di Berna), Aurélie Bochud (Ufficio AI del Cantone di Friburgo) e Konrad Egger (Segreteria di Stato della migrazione SEM). Moderazione: Bastien Carrel. Segue un pranzo in piedi; fine delle giornate verso le 14.",
                    "en": "With Laura Cattaneo (CII coordinator, canton of Ticino), Samuel Rohrbach (Social Welfare Office, City of Bern), Aurélie Bochud (Disability Insurance Office, canton of Fribourg) and Konrad Egger (State Secretariat for Migration SEM). Moderated by Bastien Carrel. Followed by a standing lunch; the event ends at around 14:00.",
                },
                "items": [],
            },
        ],
    },
    # ------------------------------------------------------------------
    # Thematic seminar on data protection, Bern (one day)
    # ------------------------------------------------------------------
    {
        "slug": "iiz-seminar-datenschutz-2027",
        "kind": "seminar",
        # For the cantonal CII coordinators: by invitation (the demo invites about 40 people), two
        # confirmed places per canton (Bern has a third person waiting).
        "access": "invitation",
        "canton_quota": 2,
        "title": {
            "de": "IIZ-Seminar: Datenschutz in der interinstitutionellen Zusammenarbeit",
            "fr": "Séminaire CII : la protection des données dans la collaboration interinstitutionnelle",
            "it": "Seminario CII: la protezione dei dati nella collaborazione interistituzionale",
            "en": "CII seminar: Data protection in interinstitutional collaboration",
        },
        "summary": {
            "de": "Ein Tag für die kantonalen IIZ-Koordinatorinnen und -Koordinatoren zu Einwilligung, Amtshilfe und sicherem Datenaustausch zwischen den IIZ-Partnern.",
            "fr": "Une journée pour les coordinatrices et coordinateurs CII cantonaux consacrée au consentement, à l'assistance administrative et à l'échange sécurisé de données entre les partenaires CII.",
            "it": "Una giornata per le coordinatrici e i coordinatori cantonali CII dedicata al consenso, all'assistenza amministrativa e allo scambio sicuro di dati tra i partner CII.",
            "en": "A day for cantonal CII coordinators on consent, administrative assistance and secure data exchange between CII partners.",
        },
        "description": {
            "de": (
                "Wer Menschen gemeinsam begleitet, muss Informationen teilen – und dabei ihre Persönlichkeit schützen. "
                "Das Seminar knüpft an das erste IIZ-Seminar zum Datenschutz an und zeigt, was sich seit dem Inkrafttreten "
                "des revidierten Datenschutzgesetzes am 1. September 2023 in der Praxis bewährt hat.\n\n"
                "Am Vormittag ordnen zwei Referate die rechtlichen Grundlagen ein: die IIZ-Bestimmungen in AVIG und IVG, "
                "das kantonale Sozialhilferecht und die Anforderungen an eine freiwillige, informierte und ausdrückliche "
                "Einwilligung. Am Nachmittag vertiefen Sie ein Thema in einem von vier Workshops.\n\n"
                "Das Seminar richtet sich in erster Linie an die kantonalen IIZ-Koordinatorinnen und -Koordinatoren sowie "
                "an Juristinnen und Juristen der IIZ-Partner. Die Referate werden simultan Deutsch–Französisch übersetzt; "
                "die Workshops finden auf Deutsch, auf Französisch oder zweisprachig statt."
            ),
            "fr": (
                "Accompagner ensemble des personnes implique de partager des informations tout en protégeant leur "
                "personnalité. Ce séminaire fait suite au premier séminaire CII consacré à la protection des données et "
                "montre ce qui a fait ses preuves dans la pratique depuis l'entrée en vigueur de la nouvelle loi sur la "
                "protection des données, le 1er septembre 2023.\n\n"
                "Le matin, deux exposés posent le cadre juridique: les dispositions relatives à la CII dans la LACI et la "
                "LAI, le droit cantonal de l'aide sociale et les exigences d'un consentement libre, éclairé et exprès. "
                "L'après-midi, vous approfondissez un thème dans l'un des quatre ateliers.\n\n"
                "Le séminaire s'adresse en premier lieu aux coordinatrices et coordinateurs CII cantonaux ainsi qu'aux "
                "juristes des institutions partenaires de la CII. Les exposés bénéficient d'une traduction simultanée "
                "allemand–français; les ateliers ont lieu en allemand, en français ou dans les deux langues."
            ),
            "it": (
                "Accompagnare insieme le persone significa condividere informazioni, tutelando al contempo la loro "
                "personalità. Il seminario fa seguito al primo seminario CII sulla protezione dei dati e mostra che cosa "
                "ha dato buoni risultati nella pratica dall'entrata in vigore della nuova legge sulla protezione dei "
                "dati, il 1° settembre 2023.\n\n"
                "Al mattino due relazioni illustrano il quadro giuridico: le disposizioni sulla CII nella LADI e nella "
                "LAI, il diritto cantonale dell'assistenza sociale e i requisiti di un consenso libero, informato ed "
                "esplicito. Nel pomeriggio approfondirete un tema in uno dei quattro workshop.\n\n"
                "Il seminario si rivolge in primo luogo alle coordinatrici e ai coordinatori cantonali CII e alle "
                "giuriste e ai giuristi delle istituzioni partner della CII. Le relazioni sono tradotte simultaneamente "
                "in tedesco e francese; i workshop si tengono in tedesco, in francese o in entrambe le lingue."
            ),
            "en": (
                "Supporting people together means sharing information while protecting their privacy. This seminar "
                "follows on from the first CII seminar on data protection and looks at what has proved its worth in "
                "practice since the revised Federal Act on Data Protection came into force on 1 September 2023.\n\n"
                "In the morning, two talks set out the legal framework: the CII provisions in the unemployment and "
                "invalidity insurance acts, cantonal social assistance law, and the requirements for consent that is "
                "free, informed and explicit. In the afternoon, you explore one topic in depth in one of four "
                "workshops.\n\n"
                "The seminar is aimed primarily at cantonal CII coordinators and at lawyers working for CII partner "
                "institutions. Talks are interpreted simultaneously between German and French; workshops are held in "
                "German, French or both."
            ),
        },
        "venue": "Kongresszentrum Kreuz Bern",
        "address": "Zeughausgasse 41, 3011 Bern",
        "how_to_get_there": {
            "de": "Vom Bahnhof Bern sind es rund 7 Minuten zu Fuss über die Spitalgasse und den Bärenplatz. Alternativ fahren Sie mit dem Bus Nr. 12 bis zur Haltestelle «Zytglogge».",
            "fr": "Depuis la gare de Berne, comptez environ 7 minutes à pied par la Spitalgasse et la Bärenplatz. Vous pouvez aussi prendre le bus n° 12 jusqu'à l'arrêt «Zytglogge».",
            "it": "Dalla stazione di Berna bastano circa 7 minuti a piedi passando per la Spitalgasse e la Bärenplatz. In alternativa potete prendere il bus n. 12 fino alla fermata «Zytglogge».",
            "en": "The venue is about a 7-minute walk from Bern station via Spitalgasse and Bärenplatz. Alternatively, take bus no. 12 to the “Zytglogge” stop.",
        },
        "host_canton": "BE",
        "start_offset_days": 40,
        "days": 1,
        "registration_opens_offset_days": -10,
        "registration_closes_offset_days": 30,
        "capacity": 80,
        "waitlist": True,
        "languages": ["de", "fr"],
        "contact_email": "iiz-seminar@example.ch",
        "privacy_notice": {
            "de": (
                "Datenschutzerklärung zur Anmeldung für das IIZ-Seminar «Datenschutz in der interinstitutionellen Zusammenarbeit»\n\n"
                "Verantwortlich: Nationale IIZ-Fachstelle, Laupenstrasse 47, 3008 Bern, datenschutz@example.ch.\n\n"
                "Zweck: Wir bearbeiten Ihre Daten nach dem Bundesgesetz über den Datenschutz (DSG), um Ihre Anmeldung, "
                "Ihren Workshop-Platz und einen allfälligen Wartelistenplatz zu verwalten, Namensschilder zu drucken, "
                "die Verpflegung zu planen, Ihnen Informationen und Unterlagen zum Seminar zu senden und anonyme "
                "Statistiken zu erstellen.\n\n"
                "Bearbeitete Daten: Name, E-Mail-Adresse, Organisation, Funktion, Art der Institution, Kanton, "
                "Korrespondenzsprache, gewählter Workshop und Anwesenheit. Angaben zu Ernährung oder Barrierefreiheit "
                "sind freiwillig; weil sie Rückschlüsse auf Ihre Gesundheit zulassen können, bearbeiten wir sie nur mit "
                "Ihrer ausdrücklichen Einwilligung und ausschliesslich für die Organisation vor Ort. Eine "
                "Teilnehmendenliste geben wir nur mit Ihrer Zustimmung weiter.\n\n"
                "Empfänger: der Gastkanton Bern, das Kongresszentrum Kreuz Bern als Seminarort, der Caterer (nur Name und "
                "Ernährungsangaben) sowie unser Hosting-Anbieter, der die Daten in der Schweiz speichert. Eine "
                "Bekanntgabe ins Ausland findet nicht statt.\n\n"
                "Aufbewahrung: Wir löschen oder anonymisieren Ihre Daten 12 Monate nach dem Seminar.\n\n"
                "Ihre Rechte: Sie können jederzeit kostenlos Auskunft über Ihre Daten verlangen (Art. 25 DSG, Antwort "
                "innert 30 Tagen), deren Berichtigung oder Löschung fordern (Art. 32 DSG), Ihre Angaben in einem "
                "gängigen elektronischen Format erhalten und erteilte Einwilligungen widerrufen. Kontakt: "
                "datenschutz@example.ch oder die obige Postadresse."
            ),
            "fr": (
                "Déclaration de protection des données relative à l'inscription au séminaire CII «La protection des données dans la collaboration interinstitutionnelle»\n\n"
                "Responsable du traitement: Bureau national CII, Laupenstrasse 47, 3008 Berne, datenschutz@example.ch.\n\n"
                "Finalité: conformément à la loi fédérale sur la protection des données (LPD), nous traitons vos données "
                "pour gérer votre inscription, votre place dans un atelier et, le cas échéant, sur la liste d'attente, "
                "imprimer les badges, planifier la restauration, vous envoyer des informations et la documentation du "
                "séminaire et établir des statistiques anonymes.\n\n"
                "Données traitées: nom, adresse électronique, organisation, fonction, type d'institution, canton, langue "
                "de correspondance, atelier choisi et présence. Les indications sur l'alimentation ou l'accessibilité "
                "sont facultatives; comme elles peuvent révéler des informations sur votre santé, nous ne les traitons "
                "qu'avec votre consentement exprès et uniquement pour l'organisation sur place. Nous ne transmettons une "
                "liste des participants qu'avec votre accord.\n\n"
                "Destinataires: le canton hôte de Berne, le Kongresszentrum Kreuz Bern en tant que lieu du séminaire, le "
                "traiteur (uniquement le nom et les indications alimentaires) ainsi que notre hébergeur, qui stocke les "
                "données en Suisse. Aucune donnée n'est communiquée à l'étranger.\n\n"
                "Conservation: vos données sont effacées ou anonymisées 12 mois après le séminaire.\n\n"
                "Vos droits: vous pouvez en tout temps et gratuitement demander l'accès à vos données (art. 25 LPD, "
                "réponse dans les 30 jours), en exiger la rectification ou l'effacement (art. 32 LPD), les recevoir "
                "dans un format électronique courant et révoquer un consentement donné. Contact: "
                "datenschutz@example.ch ou l'adresse postale ci-dessus."
            ),
            "it": (
                "Informativa sulla protezione dei dati per l'iscrizione al seminario CII «La protezione dei dati nella collaborazione interistituzionale»\n\n"
                "Titolare del trattamento: Ufficio nazionale CII, Laupenstrasse 47, 3008 Berna, datenschutz@example.ch.\n\n"
                "Scopo: conformemente alla legge federale sulla protezione dei dati (LPD), trattiamo i vostri dati per "
                "gestire la vostra iscrizione, il posto nel workshop ed eventualmente in lista d'attesa, stampare i "
                "badge, pianificare la ristorazione, inviarvi informazioni e documentazione sul seminario e allestire "
                "statistiche anonime.\n\n"
                "Dati trattati: nome, indirizzo e-mail, organizzazione, funzione, tipo di istituzione, Cantone, lingua "
                "di corrispondenza, workshop scelto e presenza. Le indicazioni su alimentazione o accessibilità sono "
                "facoltative; poiché possono rivelare informazioni sulla vostra salute, le trattiamo solo con il vostro "
                "consenso esplicito ed esclusivamente per l'organizzazione sul posto. Trasmettiamo un elenco dei "
                "partecipanti solo con il vostro accordo.\n\n"
                "Destinatari: il Cantone ospitante di Berna, il Kongresszentrum Kreuz Bern quale sede del seminario, il "
                "servizio di catering (solo nome e indicazioni alimentari) e il nostro fornitore di hosting, che "
                "conserva i dati in Svizzera. Non avviene alcuna comunicazione di dati all'estero.\n\n"
                "Conservazione: i vostri dati vengono cancellati o resi anonimi 12 mesi dopo il seminario.\n\n"
                "I vostri diritti: potete in ogni momento chiedere gratuitamente informazioni sui vostri dati (art. 25 "
                "LPD, risposta entro 30 giorni), esigerne la rettifica o la cancellazione (art. 32 LPD), riceverli in un "
                "formato elettronico di uso comune e revocare un consenso dato. Contatto: datenschutz@example.ch o "
                "l'indirizzo postale indicato sopra."
            ),
            "en": (
                "Privacy notice for registration to the CII seminar “Data protection in interinstitutional collaboration”\n\n"
                "Controller: National CII Office, Laupenstrasse 47, 3008 Bern, datenschutz@example.ch.\n\n"
                "Purpose: in accordance with the Federal Act on Data Protection (FADP), we process your data to manage "
                "your registration, your workshop place and any waiting-list place, print badges, plan catering, send "
                "you information and documents about the seminar and produce anonymous statistics.\n\n"
                "Data processed: name, email address, organisation, job title, type of institution, canton, "
                "correspondence language, selected workshop and attendance. Information on dietary or accessibility "
                "needs is optional; because it may reveal information about your health, we only process it with your "
                "explicit consent and solely for on-site arrangements. We only share a list of participants with your "
                "consent.\n\n"
                "Recipients: the host canton of Bern, Kongresszentrum Kreuz Bern as the venue, the caterer (name and "
                "dietary information only) and our hosting provider, which stores the data in Switzerland. No data is "
                "disclosed abroad.\n\n"
                "Retention: your data is deleted or anonymised 12 months after the seminar.\n\n"
                "Your rights: you may at any time and free of charge request access to your data (Art. 25 FADP, reply "
                "within 30 days), ask for it to be corrected or deleted (Art. 32 FADP), receive your data in a common "
                "electronic format and withdraw any consent you have given. Contact: datenschutz@example.ch or the "
                "postal address above."
            ),
        },
        "privacy_version": "2027-01",
        "retention_days": 365,
        "slots": [
            {
                "day": 0,
                "start": "09:00",
                "end": "09:20",
                "kind": "talks",
                "title": {
                    "de": "Begrüssung",
                    "fr": "Accueil et bienvenue",
                    "it": "Benvenuto",
                    "en": "Welcome",
                },
                "description": {
                    "de": "Ab 8.30 Uhr Empfang mit Kaffee und Gipfeli. Begrüssung durch Dr. Corinne Aebersold, Leiterin der Nationalen IIZ-Fachstelle.",
                    "fr": "Dès 8h30, accueil avec café et croissants. Mot de bienvenue de Corinne Aebersold, responsable du Bureau national CII.",
                    "it": "Dalle 8.30 accoglienza con caffè e cornetti. Saluto di Corinne Aebersold, responsabile dell'Ufficio nazionale CII.",
                    "en": "Coffee and croissants from 08:30. Welcome address by Dr Corinne Aebersold, head of the National CII Office.",
                },
                "items": [],
            },
            {
                "day": 0,
                "start": "09:20",
                "end": "10:20",
                "kind": "talks",
                "title": {
                    "de": "Referat: Das revidierte Datenschutzgesetz und die IIZ – was gilt heute?",
                    "fr": "Exposé : la nouvelle LPD et la CII – quelles règles s'appliquent aujourd'hui ?",
                    "it": "Relazione: la nuova LPD e la CII – quali regole valgono oggi?",
                    "en": "Talk: The revised FADP and CII – which rules apply today?",
                },
                "description": {
                    "de": "Prof. Dr. iur. Andrea Baumgartner-Roth (Universität Freiburg) zeigt, welche Bestimmungen in AVIG, IVG und im kantonalen Recht den Datenaustausch zwischen den IIZ-Partnern erlauben, wo die Amtshilfe endet und welche Informationspflichten seit dem 1. September 2023 gelten.",
                    "fr": "La professeure Andrea Baumgartner-Roth (Université de Fribourg) présente les dispositions de la LACI, de la LAI et du droit cantonal qui autorisent l'échange de données entre les partenaires CII, les limites de l'assistance administrative et les devoirs d'information en vigueur depuis le 1er septembre 2023.",
                    "it": "La professoressa Andrea Baumgartner-Roth (Università di Friburgo) illustra le disposizioni della LADI, della LAI e del diritto cantonale che consentono lo scambio di dati tra i partner CII, i limiti dell'assistenza amministrativa e gli obblighi d'informazione in vigore dal 1° settembre 2023.",
                    "en": "Professor Andrea Baumgartner-Roth (University of Fribourg) explains which provisions of the unemployment and invalidity insurance acts and of cantonal law allow CII partners to exchange data, where administrative assistance ends and which duties to inform have applied since 1 September 2023.",
                },
                "items": [],
            },
            {
                "day": 0,
                "start": "10:50",
                "end": "11:50",
                "kind": "talks",
                "title": {
                    "de": "Referat: Einwilligung in der Praxis – freiwillig, informiert, ausdrücklich",
                    "fr": "Exposé : le consentement dans la pratique – libre, éclairé, exprès",
                    "it": "Relazione: il consenso nella pratica – libero, informato, esplicito",
                    "en": "Talk: Consent in practice – free, informed, explicit",
                },
                "description": {
                    "de": "Nach der Kaffeepause beleuchten Nadine Zbären, Juristin und Datenschutzberaterin, und Marco Tognola, Ufficio AI des Kantons Tessin, das Spannungsfeld zwischen Selbstbestimmung und Mitwirkungspflicht und zeigen, was eine IIZ-Einwilligungserklärung enthalten muss.",
                    "fr": "Après la pause-café, Nadine Zbären, juriste et conseillère en protection des données, et Marco Tognola, de l'Office AI du canton du Tessin, éclairent la tension entre autodétermination et obligation de collaborer et montrent ce que doit contenir une déclaration de consentement CII.",
                    "it": "Dopo la pausa caffè, Nadine Zbären, giurista e consulente in materia di protezione dei dati, e Marco Tognola, dell'Ufficio AI del Cantone Ticino, approfondiscono la tensione tra autodeterminazione e obbligo di collaborare e mostrano che cosa deve contenere una dichiarazione di consenso CII.",
                    "en": "After the coffee break, Nadine Zbären, lawyer and data protection adviser, and Marco Tognola of the Ticino Disability Insurance Office explore the tension between self-determination and the duty to cooperate, and show what a CII consent form must contain.",
                },
                "items": [],
            },
            {
                "day": 0,
                "start": "11:50",
                "end": "13:00",
                "kind": "talks",
                "title": {
                    "de": "Mittagessen",
                    "fr": "Repas de midi",
                    "it": "Pranzo",
                    "en": "Lunch",
                },
                "description": {
                    "de": "Mittagessen im Restaurant des Kongresszentrums. Ihre Angaben zur Ernährung aus der Anmeldung werden berücksichtigt.",
                    "fr": "Repas au restaurant du centre de congrès. Nous tenons compte des indications alimentaires fournies lors de l'inscription.",
                    "it": "Pranzo al ristorante del centro congressi. Teniamo conto delle indicazioni alimentari fornite al momento dell'iscrizione.",
                    "en": "Lunch in the conference centre restaurant. Dietary requirements given at registration are taken into account.",
                },
                "items": [],
            },
            {
                "day": 0,
                "start": "13:00",
                "end": "15:00",
                "kind": "choice",
                "title": {
                    "de": "Workshops",
                    "fr": "Ateliers",
                    "it": "Workshop",
                    "en": "Workshops",
                },
                "description": {
                    "de": "Wählen Sie einen der vier Workshops.",
                    "fr": "Choisissez l'un des quatre ateliers.",
                    "it": "Scegliete uno dei quattro workshop.",
                    "en": "Choose one of the four workshops.",
                },
                "items": [
                    {
                        "code": "W1",
                        "title": {
                            "de": "Die IIZ-Einwilligungserklärung: Checkliste im Praxistest",
                            "fr": "La déclaration de consentement CII : la liste de contrôle à l'épreuve de la pratique",
                            "it": "La dichiarazione di consenso CII: la lista di controllo alla prova della pratica",
                            "en": "The CII consent form: putting the checklist to the test",
                        },
                        "description": {
                            "de": "Bringen Sie die Einwilligungserklärung Ihres Kantons mit: Wir prüfen sie gemeinsam anhand der nationalen Checkliste und formulieren verständliche Textbausteine.",
                            "fr": "Apportez la déclaration de consentement de votre canton : nous l'examinons ensemble à l'aide de la liste de contrôle nationale et rédigeons des formulations types compréhensibles.",
                            "it": "Portate la dichiarazione di consenso del vostro Cantone: la esaminiamo insieme sulla base della lista di controllo nazionale e formuliamo testi standard comprensibili.",
                            "en": "Bring your canton's consent form: we review it together against the national checklist and draft clear, reusable wording.",
                        },
                        "room": "Saal Bubenberg",
                        "languages": ["de"],
                        "moderators": "Manuela Kälin (Rechtsdienst, IV-Stelle Schwyz)",
                        "capacity": 25,
                    },
                    {
                        "code": "W2",
                        "title": {
                            "de": "Rechtsgrundlagen für den Datenaustausch: AVIG, IVG und kantonales Sozialhilferecht",
                            "fr": "Bases légales de l'échange de données : LACI, LAI et droit cantonal de l'aide sociale",
                            "it": "Basi legali dello scambio di dati: LADI, LAI e diritto cantonale dell'assistenza sociale",
                            "en": "Legal bases for data exchange: unemployment and invalidity insurance acts and cantonal social assistance law",
                        },
                        "description": {
                            "de": "Wann genügt eine gesetzliche Grundlage, wann braucht es eine Einwilligung? Anhand von Fallbeispielen klären wir Art. 85f AVIG und Art. 68bis IVG und zeigen ihre Grenzen auf.",
                            "fr": "Quand une base légale suffit-elle, quand faut-il un consentement ? À partir d'exemples concrets, nous examinons l'art. 85f LACI et l'art. 68bis LAI ainsi que leurs limites.",
                            "it": "Quando basta una base legale e quando serve un consenso? Sulla base di casi concreti esaminiamo l'art. 85f LADI e l'art. 68bis LAI e i loro limiti.",
                            "en": "When is a legal basis enough, and when is consent needed? Using case examples, we look at Art. 85f of the Unemployment Insurance Act and Art. 68bis of the Invalidity Insurance Act, and at their limits.",
                        },
                        "room": "Salle Aar",
                        "languages": ["fr"],
                        "moderators": "Laurent Dupraz (juriste, Office cantonal de l'emploi, Genève)",
                        "capacity": 20,
                    },
                    {
                        "code": "W3",
                        "title": {
                            "de": "Sicher zusammenarbeiten mit digitalen Werkzeugen: Cloud, Messenger und gemeinsame Dossiers",
                            "fr": "Collaborer en sécurité avec des outils numériques : cloud, messageries et dossiers partagés",
                            "it": "Collaborare in sicurezza con strumenti digitali: cloud, messaggistica e dossier condivisi",
                            "en": "Working together securely with digital tools: cloud, messaging and shared files",
                        },
                        "description": {
                            "de": "Darf eine Fallbesprechung per Videokonferenz stattfinden oder ein Arztbericht per Messenger verschickt werden? Wir leiten aus Art. 8 DSG praktische Regeln für Zugriffsrechte, Protokollierung und Hosting ab.",
                            "fr": "Peut-on tenir une séance de réseau en visioconférence ou envoyer un rapport médical par messagerie ? Nous tirons de l'art. 8 LPD des règles pratiques pour les droits d'accès, la journalisation et l'hébergement.",
                            "it": "Si può tenere una riunione di rete in videoconferenza o inviare un rapporto medico tramite messaggistica? Dall'art. 8 LPD ricaviamo regole pratiche su diritti d'accesso, registrazione degli accessi e hosting.",
                            "en": "May a case conference take place by video call, or a medical report be sent by messenger? We derive practical rules on access rights, logging and hosting from Art. 8 FADP.",
                        },
                        "room": "Raum Gurten",
                        "languages": ["de", "fr"],
                        "moderators": "Tobias Frischknecht (Amt für Informatik und Organisation Kanton Bern), Aline Jeanneret (Préposée suppléante à la protection des données et à la transparence Jura-Neuchâtel)",
                        "capacity": 20,
                    },
                    {
                        "code": "W4",
                        "title": {
                            "de": "Kantonales Recht anpassen, um die IIZ zu stärken: ein Werkstattbericht",
                            "fr": "Adapter le droit cantonal pour renforcer la CII : retour d'expérience",
                            "it": "Adeguare il diritto cantonale per rafforzare la CII: un resoconto dal campo",
                            "en": "Amending cantonal law to strengthen CII: a progress report",
                        },
                        "description": {
                            "de": "Das Wallis nutzt die Revision seines Datenschutzgesetzes, um den Informationsaustausch zwischen den IIZ-Partnern klar zu regeln. Was steht im Entwurf, was hat die Vernehmlassung ergeben, und was können andere Kantone übernehmen?",
                            "fr": "Le Valais profite de la révision de sa loi sur la protection des données pour régler clairement l'échange d'informations entre les partenaires CII. Que contient le projet, qu'a donné la consultation et que peuvent reprendre les autres cantons ?",
                            "it": "Il Vallese coglie l'occasione della revisione della sua legge sulla protezione dei dati per disciplinare chiaramente lo scambio di informazioni tra i partner CII. Che cosa prevede il progetto, che cosa è emerso dalla consultazione e che cosa possono riprendere gli altri Cantoni?",
                            "en": "Valais is using the revision of its data protection act to set clear rules for information sharing between CII partners. What is in the draft, what came out of the consultation, and what can other cantons adopt?",
                        },
                        "room": "Raum Bantiger",
                        "languages": ["de", "fr"],
                        "moderators": "Pascal Zufferey (coordinateur CII, canton du Valais), Bernadette Imboden (Rechtsdienst, Kanton Wallis)",
                        "capacity": 15,
                    },
                ],
            },
            {
                "day": 0,
                "start": "15:15",
                "end": "16:00",
                "kind": "talks",
                "title": {
                    "de": "Abschluss: Ergebnisse und Ausblick",
                    "fr": "Clôture : résultats et perspectives",
                    "it": "Chiusura: risultati e prospettive",
                    "en": "Closing: findings and outlook",
                },
                "description": {
                    "de": "Die Workshop-Leitenden fassen die wichtigsten Erkenntnisse zusammen. Corinne Aebersold stellt die überarbeitete Checkliste zur Einwilligungserklärung und die Fragen und Antworten vor, die aus dem Seminar hervorgehen. Ende um 16 Uhr.",
                    "fr": "Les animatrices et animateurs des ateliers résument les principaux enseignements. Corinne Aebersold présente la liste de contrôle révisée pour la déclaration de consentement ainsi que la foire aux questions issue du séminaire. Fin à 16h.",
                    "it": "Le e i responsabili dei workshop riassumono le principali conclusioni. Corinne Aebersold presenta la lista di controllo riveduta per la dichiarazione di consenso e le domande frequenti emerse dal seminario. Fine alle 16.",
                    "en": "The workshop leaders sum up the key findings. Corinne Aebersold presents the revised consent-form checklist and the questions and answers arising from the seminar. Ends at 16:00.",
                },
                "items": [],
            },
        ],
    },
]


PARTICIPANTS: list[dict] = [
    # ---------------- National CII Days 2027 (30) ----------------
    {"event": "iiz-tagung-2027", "first_name": "Andrea", "last_name": "Bühler", "email": "andrea.buehler@example.ch",
     "organisation": "IIZ-Fachstelle Kanton Zürich", "function": "Leiterin IIZ-Fachstelle", "institution_type": "cii_office",
     "canton": "ZH", "language": "de", "choices": ["A4", "B4", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Thomas", "last_name": "Küng", "email": "thomas.kueng@example.ch",
     "organisation": "RAV Bern", "function": "Personalberater", "institution_type": "unemployment",
     "canton": "BE", "language": "de", "choices": ["A1", "B5", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Séverine", "last_name": "Dubey", "email": "severine.dubey@example.ch",
     "organisation": "Office de l'assurance-invalidité du canton de Fribourg", "function": "Conseillère en réadaptation professionnelle", "institution_type": "disability",
     "canton": "FR", "language": "fr", "choices": ["A4", "B3", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Jürg", "last_name": "Schönenberger", "email": "juerg.schoenenberger@example.ch",
     "organisation": "Soziale Dienste Stadt St. Gallen", "function": "Bereichsleiter Arbeitsintegration", "institution_type": "social_assistance",
     "canton": "SG", "language": "de", "choices": ["A2", "B1"]},
    {"event": "iiz-tagung-2027", "first_name": "Chantal", "last_name": "Rérat", "email": "chantal.rerat@example.ch",
     "organisation": "Service de l'économie et de l'emploi, République et canton du Jura", "function": "Coordinatrice CII", "institution_type": "cii_office",
     "canton": "JU", "language": "fr", "choices": ["A4", "B4", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Matteo", "last_name": "Guscetti", "email": "matteo.guscetti@example.ch",
     "organisation": "Ufficio regionale di collocamento di Bellinzona", "function": "Consulente del personale", "institution_type": "unemployment",
     "canton": "TI", "language": "it", "choices": ["A1", "B4", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Beatrice", "last_name": "Marti", "email": "beatrice.marti@example.ch",
     "organisation": "IV-Stelle Kanton Luzern", "function": "Fallmanagerin", "institution_type": "disability",
     "canton": "LU", "language": "de", "choices": ["A4", "B2"]},
    {"event": "iiz-tagung-2027", "first_name": "Nicolas", "last_name": "Bongard", "email": "nicolas.bongard@example.ch",
     "organisation": "Service de l'action sociale du canton de Fribourg", "function": "Collaborateur scientifique", "institution_type": "social_assistance",
     "canton": "FR", "language": "fr", "choices": ["A4", "B4", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Lea", "last_name": "Amstutz", "email": "lea.amstutz@example.ch",
     "organisation": "BIZ Berufsberatungs- und Informationszentren Kanton Bern", "function": "Berufs- und Laufbahnberaterin", "institution_type": "vocational",
     "canton": "BE", "language": "de", "choices": ["A2", "B2", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Hans-Peter", "last_name": "Wüthrich", "email": "hans-peter.wuethrich@example.ch",
     "organisation": "Amt für Gesellschaft und Soziales Kanton Solothurn", "function": "IIZ-Koordinator", "institution_type": "cii_office",
     "canton": "SO", "language": "de", "choices": ["A4", "B4", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Élodie", "last_name": "Rossier", "email": "elodie.rossier@example.ch",
     "organisation": "Office régional de placement de Lausanne", "function": "Conseillère en personnel", "institution_type": "unemployment",
     "canton": "VD", "language": "fr", "choices": ["A3", "B3", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Pierre-André", "last_name": "Gaillard", "email": "pierre-andre.gaillard@example.ch",
     "organisation": "Office cantonal AI du Valais", "function": "Responsable du secteur réadaptation", "institution_type": "disability",
     "canton": "VS", "language": "fr", "choices": ["A6", "B3"]},
    {"event": "iiz-tagung-2027", "first_name": "Roland", "last_name": "Käser", "email": "roland.kaeser@example.ch",
     "organisation": "Käser Holzbau AG, Weinfelden", "function": "Geschäftsführer", "institution_type": "employer",
     "canton": "TG", "language": "de", "choices": ["A2", "B1", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Gianluca", "last_name": "Pedrini", "email": "gianluca.pedrini@example.ch",
     "organisation": "Servizio sociale regionale del Moesano, Roveredo", "function": "Assistente sociale", "institution_type": "social_assistance",
     "canton": "GR", "language": "it", "choices": ["A4", "B2"]},
    {"event": "iiz-tagung-2027", "first_name": "Sibylle", "last_name": "Frei-Gächter", "email": "sibylle.frei@example.ch",
     "organisation": "Amt für Migration und Integration Kanton Aargau", "function": "Fachspezialistin Integration", "institution_type": "migration",
     "canton": "AG", "language": "de", "choices": ["A1", "B4"]},
    {"event": "iiz-tagung-2027", "first_name": "Karim", "last_name": "Haddad", "email": "karim.haddad@example.ch",
     "organisation": "Hospice général, Genève", "function": "Assistant social", "institution_type": "social_assistance",
     "canton": "GE", "language": "fr", "choices": ["A3", "B3", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Marco", "last_name": "Zürcher", "email": "marco.zuercher@example.ch",
     "organisation": "Amt für Wirtschaft und Arbeit Basel-Stadt", "function": "Leiter Arbeitsmarktliche Massnahmen", "institution_type": "unemployment",
     "canton": "BS", "language": "de", "choices": ["A5", "B1", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Ursina", "last_name": "Tschudi", "email": "ursina.tschudi@example.ch",
     "organisation": "Departement Volkswirtschaft und Inneres Kanton Glarus, Hauptabteilung Soziales", "function": "IIZ-Koordinatorin", "institution_type": "cii_office",
     "canton": "GL", "language": "de", "choices": ["A4", "B4"]},
    {"event": "iiz-tagung-2027", "first_name": "Fabienne", "last_name": "Zahnd", "email": "fabienne.zahnd@example.ch",
     "organisation": "Amt für den Arbeitsmarkt Kanton Freiburg, RAV Freiburg", "function": "Personalberaterin", "institution_type": "unemployment",
     "canton": "FR", "language": "de", "choices": ["A5", "B1", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Lukas", "last_name": "Zgraggen", "email": "lukas.zgraggen@example.ch",
     "organisation": "IV-Stelle Uri", "function": "Eingliederungsfachmann", "institution_type": "disability",
     "canton": "UR", "language": "de", "choices": ["A4", "B1", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Priska", "last_name": "Gwerder", "email": "priska.gwerder@example.ch",
     "organisation": "Amt für Berufsbildung Kanton Schwyz", "function": "Case Managerin Berufsbildung", "institution_type": "vocational",
     "canton": "SZ", "language": "de", "choices": ["A2", "B5"]},
    {"event": "iiz-tagung-2027", "first_name": "Adèle", "last_name": "Bovet", "email": "adele.bovet@example.ch",
     "organisation": "Service de l'emploi du canton de Neuchâtel", "function": "Coordinatrice CII", "institution_type": "cii_office",
     "canton": "NE", "language": "fr", "choices": ["A4", "B4", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Stefan", "last_name": "Rüttimann", "email": "stefan.ruettimann@example.org",
     "organisation": "Staatssekretariat für Wirtschaft SECO, Arbeitsmarkt und Arbeitslosenversicherung", "function": "Wissenschaftlicher Mitarbeiter", "institution_type": "federal",
     "canton": "CH", "language": "de", "choices": ["A4", "B2", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Françoise", "last_name": "Ançay", "email": "francoise.ancay@example.org",
     "organisation": "Secrétariat d'État aux migrations SEM, Intégration professionnelle", "function": "Collaboratrice scientifique", "institution_type": "federal",
     "canton": "CH", "language": "fr", "choices": ["A3", "B4", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Jonas", "last_name": "Wälti", "email": "jonas.waelti@example.org",
     "organisation": "Schweizerische Konferenz für Sozialhilfe SKOS", "function": "Fachmitarbeiter Grundlagen", "institution_type": "association",
     "canton": "CH", "language": "de", "choices": ["A1", "B5"]},
    {"event": "iiz-tagung-2027", "first_name": "Núria", "last_name": "Solà", "email": "nuria.sola@example.org",
     "organisation": "University of Geneva, Institute of Demography and Socioeconomics", "function": "Postdoctoral Researcher", "institution_type": "research",
     "canton": "GE", "language": "en", "choices": ["A1", "B2"]},
    {"event": "iiz-tagung-2027", "first_name": "Noëlle", "last_name": "Brodard", "email": "noelle.brodard@example.ch",
     "organisation": "Ville de Fribourg, Service de l'aide sociale", "function": "Cheffe de service adjointe", "institution_type": "municipal",
     "canton": "FR", "language": "fr", "choices": ["A3", "B3", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Patrick", "last_name": "Schnüriger", "email": "patrick.schnueriger@example.ch",
     "organisation": "Amt für Wirtschaft und Arbeit Kanton Zug", "function": "IIZ-Koordinator", "institution_type": "cii_office",
     "canton": "ZG", "language": "de", "choices": ["A4", "B1", "D"]},
    {"event": "iiz-tagung-2027", "first_name": "Claudia", "last_name": "Berchtold", "email": "claudia.berchtold@example.org",
     "organisation": "Arbeitsmarkt Service Liechtenstein", "function": "Beraterin für Stellensuchende", "institution_type": "unemployment",
     "canton": "EXT", "language": "de", "choices": ["A5", "B5"]},
    {"event": "iiz-tagung-2027", "first_name": "Jérôme", "last_name": "Pittet", "email": "jerome.pittet@example.ch",
     "organisation": "Suva, agence de Lausanne", "function": "Gestionnaire de cas", "institution_type": "accident_sickness",
     "canton": "VD", "language": "fr", "choices": ["A6", "B3", "D"]},
    # Day 1 only: no workshop of series B.
    {"event": "iiz-tagung-2027", "first_name": "Corinne", "last_name": "Aeschlimann",
     "email": "corinne.aeschlimann@example.ch", "organisation": "Sozialdienst der Stadt Thun",
     "function": "Sozialarbeiterin", "institution_type": "social_assistance",
     "canton": "BE", "language": "de", "choices": ["A2", "D"], "days": [0]},
    {"event": "iiz-tagung-2027", "first_name": "Yannick", "last_name": "Clément",
     "email": "yannick.clement@example.ch", "organisation": "Office AI du canton de Fribourg",
     "function": "Conseiller en réadaptation", "institution_type": "disability",
     "canton": "FR", "language": "fr", "choices": ["A3", "D"], "days": [0]},
    {"event": "iiz-tagung-2027", "first_name": "Silvia", "last_name": "Bernasconi",
     "email": "silvia.bernasconi@example.ch", "organisation": "Sezione del lavoro, Cantone Ticino",
     "function": "Coordinatrice CII", "institution_type": "cii_office",
     "canton": "TI", "language": "it", "choices": ["A1"], "days": [0]},
    {"event": "iiz-tagung-2027", "first_name": "Urs", "last_name": "Imhof",
     "email": "urs.imhof@example.ch", "organisation": "Amt für Arbeit Kanton Nidwalden",
     "function": "RAV-Leiter", "institution_type": "unemployment",
     "canton": "NW", "language": "de", "choices": ["A5", "D"], "days": [0]},
    # ---------------- Data protection seminar (12) ----------------
    {"event": "iiz-seminar-datenschutz-2027", "first_name": "Barbara", "last_name": "Zurbuchen", "email": "barbara.zurbuchen@example.ch",
     "organisation": "Amt für Integration und Soziales Kanton Bern", "function": "IIZ-Koordinatorin", "institution_type": "cii_office",
     "canton": "BE", "language": "de", "choices": ["W1"]},
    {"event": "iiz-seminar-datenschutz-2027", "first_name": "Lukas", "last_name": "Gerber", "email": "lukas.gerber@example.ch",
     "organisation": "IV-Stelle Kanton Bern", "function": "Teamleiter Eingliederung", "institution_type": "disability",
     "canton": "BE", "language": "de", "choices": ["W2"]},
    {"event": "iiz-seminar-datenschutz-2027", "first_name": "Martina", "last_name": "Riedweg", "email": "martina.riedweg@example.ch",
     "organisation": "Dienststelle Soziales und Gesellschaft Kanton Luzern", "function": "IIZ-Koordinatorin", "institution_type": "cii_office",
     "canton": "LU", "language": "de", "choices": ["W1"]},
    {"event": "iiz-seminar-datenschutz-2027", "first_name": "Raphaël", "last_name": "Chevalley", "email": "raphael.chevalley@example.ch",
     "organisation": "Direction générale de la cohésion sociale, canton de Vaud", "function": "Juriste", "institution_type": "social_assistance",
     "canton": "VD", "language": "fr", "choices": ["W2"]},
    {"event": "iiz-seminar-datenschutz-2027", "first_name": "Erika", "last_name": "Stöckli", "email": "erika.stoeckli@example.ch",
     "organisation": "Kantonales Sozialamt Basel-Landschaft", "function": "Juristin", "institution_type": "social_assistance",
     "canton": "BL", "language": "de", "choices": ["W1"]},
    {"event": "iiz-seminar-datenschutz-2027", "first_name": "Giulia", "last_name": "Ferrazzini", "email": "giulia.ferrazzini@example.ch",
     "organisation": "Divisione dell'azione sociale e delle famiglie, Cantone Ticino", "function": "Giurista", "institution_type": "social_assistance",
     "canton": "TI", "language": "it", "choices": ["W2"]},
    {"event": "iiz-seminar-datenschutz-2027", "first_name": "Yves", "last_name": "Pasquier", "email": "yves.pasquier@example.ch",
     "organisation": "Service public de l'emploi du canton de Fribourg", "function": "Coordinateur CII", "institution_type": "cii_office",
     "canton": "FR", "language": "fr", "choices": ["W4"]},
    {"event": "iiz-seminar-datenschutz-2027", "first_name": "Barbara", "last_name": "Zollinger", "email": "barbara.zollinger@example.ch",
     "organisation": "Sozialamt Kanton Schaffhausen", "function": "IIZ-Koordinatorin", "institution_type": "cii_office",
     "canton": "SH", "language": "de", "choices": ["W4"]},
    {"event": "iiz-seminar-datenschutz-2027", "first_name": "Michael", "last_name": "Rüegsegger", "email": "michael.rueegsegger@example.ch",
     "organisation": "IV-Stelle Kanton Bern, Rechtsdienst", "function": "Jurist", "institution_type": "disability",
     "canton": "BE", "language": "de", "choices": ["W1"]},
    {"event": "iiz-seminar-datenschutz-2027", "first_name": "Anne-Catherine", "last_name": "Fleury", "email": "anne-catherine.fleury@example.ch",
     "organisation": "Office cantonal de l'emploi, Genève", "function": "Juriste", "institution_type": "unemployment",
     "canton": "GE", "language": "fr", "choices": ["W2"]},
    {"event": "iiz-seminar-datenschutz-2027", "first_name": "Sandro", "last_name": "Caflisch", "email": "sandro.caflisch@example.ch",
     "organisation": "Amt für Industrie, Gewerbe und Arbeit Graubünden", "function": "IIZ-Koordinator", "institution_type": "cii_office",
     "canton": "GR", "language": "de", "choices": ["W3"]},
    {"event": "iiz-seminar-datenschutz-2027", "first_name": "Ilaria", "last_name": "Delcò", "email": "ilaria.delco@example.org",
     "organisation": "Ufficio federale delle assicurazioni sociali UFAS, Ambito Assicurazione invalidità", "function": "Collaboratrice scientifica", "institution_type": "federal",
     "canton": "CH", "language": "it", "choices": ["W3"]},
]

# Invented invitees of the seminar besides its registered participants: (first name, last name,
# canton, language, organisation, answer). The registered participants are invited too.
INVITEES = [
    ("Reto", "Caduff", "GR", "de", "Amt für Industrie, Gewerbe und Arbeit Graubünden", "pending"),
    ("Corina", "Flütsch", "GR", "de", "Sozialamt Graubünden", "declined"),
    ("Urs", "Amstutz", "NW", "de", "Amt für Arbeit Nidwalden", "pending"),
    ("Priska", "Durrer", "OW", "de", "Sozialamt Obwalden", "pending"),
    ("Josef", "Arnold", "UR", "de", "Amt für Arbeit und Migration Uri", "declined"),
    ("Sandra", "Kälin", "SZ", "de", "Amt für Arbeit Schwyz", "pending"),
    ("Marcel", "Iten", "ZG", "de", "Amt für Wirtschaft und Arbeit Zug", "pending"),
    ("Nadine", "Schaller", "LU", "de", "WAS wira Luzern", "pending"),
    ("Thomas", "Baumgartner", "SG", "de", "Amt für Wirtschaft und Arbeit St. Gallen", "pending"),
    ("Monika", "Signer", "AR", "de", "Amt für Soziales Appenzell Ausserrhoden", "declined"),
    ("Bruno", "Inauen", "AI", "de", "Volkswirtschaftsdepartement Appenzell Innerrhoden", "pending"),
    ("Claudia", "Hauser", "GL", "de", "Hauptabteilung Wirtschaft und Arbeit Glarus", "pending"),
    ("Patrick", "Leu", "SH", "de", "Arbeitsamt Schaffhausen", "pending"),
    ("Esther", "Gerber", "TG", "de", "Amt für Wirtschaft und Arbeit Thurgau", "pending"),
    ("Daniel", "Meier", "AG", "de", "Amt für Wirtschaft und Arbeit Aargau", "declined"),
    ("Barbara", "Wyss", "SO", "de", "Amt für Wirtschaft und Arbeit Solothurn", "pending"),
    ("Lukas", "Stöcklin", "BL", "de", "KIGA Baselland", "pending"),
    ("Regula", "Vogt", "BS", "de", "Amt für Wirtschaft und Arbeit Basel-Stadt", "pending"),
    ("Sophie", "Rochat", "VD", "fr", "Service de l'emploi du canton de Vaud", "pending"),
    ("Olivier", "Mercier", "GE", "fr", "Office cantonal de l'emploi Genève", "declined"),
    ("Anne", "Jacot", "NE", "fr", "Service de l'emploi du canton de Neuchâtel", "pending"),
    ("Yves", "Crevoisier", "JU", "fr", "Service de l'économie et de l'emploi Jura", "pending"),
    ("Nathalie", "Bonvin", "VS", "fr", "Service de l'industrie, du commerce et du travail Valais", "pending"),
    ("Mattia", "Pedrazzini", "TI", "it", "Ufficio delle misure attive Ticino", "pending"),
    ("Giulia", "Bernasconi", "TI", "it", "Divisione dell'azione sociale e delle famiglie", "declined"),
    ("Samuel", "Brunner", "CH", "de", "Staatssekretariat für Wirtschaft SECO", "pending"),
    ("Chloé", "Favre", "CH", "fr", "Office fédéral des assurances sociales OFAS", "pending"),
    ("Emma", "Lehmann", "BE", "de", "Gesundheits-, Sozial- und Integrationsdirektion Bern", "pending"),
    ("Hans", "Zbinden", "FR", "de", "Amt für den Arbeitsmarkt Freiburg", "pending"),
    ("Lea", "Fischer", "ZH", "de", "Amt für Wirtschaft Zürich", "pending"),
]


# The national days' own questions (issue 17): an interpretation headset with its language, a hotel
# night with a limited number of rooms, a free remark for the moderators. Answers and roles of a
# few invented participants below, by e-mail address.
QUESTIONS: dict[str, list[dict]] = {
    "iiz-tagung-2027": [
        {
            "key": "headset", "kind": "one_choice", "required": True,
            "text": {"de": "Brauchen Sie einen Kopfhörer für die Simultanübersetzung im Plenum?",
                     "fr": "Avez-vous besoin d'un casque pour l'interprétation simultanée en plénière\u00a0?",
                     "it": "Le serve una cuffia per l'interpretazione simultanea in plenaria?",
                     "en": "Do you need a headset for the simultaneous interpretation in the plenary?"},
            "help": {"de": "Die Plenarveranstaltungen werden ins Deutsche, Französische und Italienische gedolmetscht.",
                     "fr": "Les séances plénières sont interprétées en allemand, en français et en italien.",
                     "it": "Le sessioni plenarie sono interpretate in tedesco, francese e italiano.",
                     "en": "The plenary sessions are interpreted into German, French and Italian."},
            "options": [
                {"key": "none", "label": {"de": "Nein, danke", "fr": "Non, merci", "it": "No, grazie",
                                          "en": "No, thank you"}},
                {"key": "de", "label": {"de": "Ja, auf Deutsch", "fr": "Oui, en allemand", "it": "Sì, in tedesco",
                                        "en": "Yes, in German"}},
                {"key": "fr", "label": {"de": "Ja, auf Französisch", "fr": "Oui, en français",
                                        "it": "Sì, in francese", "en": "Yes, in French"}},
                {"key": "it", "label": {"de": "Ja, auf Italienisch", "fr": "Oui, en italien",
                                        "it": "Sì, in italiano", "en": "Yes, in Italian"}},
            ],
        },
        {
            "key": "hotel", "kind": "one_choice", "required": False,
            "text": {"de": "Hotelnacht zwischen den beiden Tagen", "fr": "Nuit d'hôtel entre les deux journées",
                     "it": "Notte in albergo tra le due giornate", "en": "Hotel night between the two days"},
            "help": {"de": "Wir haben 20 Einzelzimmer in einem Hotel beim Bahnhof Freiburg reserviert; die Kosten trägt die nationale IIZ-Fachstelle.",
                     "fr": "Nous avons réservé 20 chambres individuelles dans un hôtel près de la gare de Fribourg\u00a0; les frais sont pris en charge par le Bureau national CII.",
                     "it": "Abbiamo riservato 20 camere singole in un albergo vicino alla stazione di Friburgo; i costi sono a carico dell'Ufficio nazionale CII.",
                     "en": "We have booked 20 single rooms in a hotel near Fribourg station; the national CII office pays for them."},
            "options": [
                {"key": "room", "capacity": 20,
                 "label": {"de": "Ja, ich brauche ein Zimmer", "fr": "Oui, j'ai besoin d'une chambre",
                           "it": "Sì, mi serve una camera", "en": "Yes, I need a room"}},
                {"key": "no", "label": {"de": "Nein", "fr": "Non", "it": "No", "en": "No"}},
            ],
        },
        {
            "key": "remark", "kind": "long_text", "required": False,
            "text": {"de": "Bemerkung für die Moderation Ihres Workshops", "fr": "Remarque pour la modération de votre atelier",
                     "it": "Osservazione per la moderazione del suo workshop", "en": "A remark for the moderators of your workshop"},
            "help": {"de": "Zum Beispiel ein Fall oder eine Frage, die Sie einbringen möchten.",
                     "fr": "Par exemple un cas ou une question que vous souhaitez apporter.",
                     "it": "Per esempio un caso o una domanda che desidera portare.",
                     "en": "For example a case or a question you would like to bring."},
        },
    ],
}

# e-mail address -> {question key: option key or text}
ANSWERS: dict[str, dict[str, str]] = {
    "andrea.buehler@example.ch": {"headset": "none", "hotel": "room"},
    "thomas.kueng@example.ch": {"headset": "none", "hotel": "no"},
    "severine.dubey@example.ch": {"headset": "fr", "hotel": "room",
                                  "remark": "J'aimerais présenter un cas de coaching conjoint AI et ORP."},
    "chantal.rerat@example.ch": {"headset": "fr", "hotel": "room"},
    "matteo.guscetti@example.ch": {"headset": "it", "hotel": "room",
                                   "remark": "Vorrei sapere come funziona lo scambio di dati tra URC e AI negli altri cantoni."},
    "beatrice.marti@example.ch": {"headset": "none", "hotel": "no"},
    "nicolas.bongard@example.ch": {"headset": "de"},
    "gianluca.pedrini@example.ch": {"headset": "it", "hotel": "room"},
    "elodie.rossier@example.ch": {"headset": "fr", "hotel": "no"},
}

# e-mail address -> role (services.roles); the speakers' and staff's seats on top of the participants'
ROLES: dict[str, str] = {
    "andrea.buehler@example.ch": "speaker",
    "severine.dubey@example.ch": "speaker",
    "hans-peter.wuethrich@example.ch": "moderator",
    "lea.amstutz@example.ch": "staff",
    "noelle.brodard@example.ch": "staff",
    "claudia.berchtold@example.org": "press",
}
