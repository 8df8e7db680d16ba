"""What the demo programme is made of: venues, teams, accounts, titles and texts (plain data)."""

from dataclasses import dataclass

UPCONF = "#UpConf"
LABORATOIRE = "Laboratoire des publics"
TEAMS = (UPCONF, LABORATOIRE)

ORGANISER = {"email": "organisatrice@guichet.example", "name": "Claire Organisatrice",
             "password": "demo-organiser-2026", "role": "organiser", "team_names": TEAMS}
ADMIN = {"email": "admin@guichet.example", "name": "Admin Guichet",
         "password": "demo-admin-2026", "role": "admin", "team_names": ()}
# A volunteer at the Laboratoire des publics' door: a citizen account, the door role in that team only.
DOOR_VOLUNTEER = {"email": "accueil@guichet.example", "name": "Bénévole Accueil",
                  "password": "demo-door-2026", "role": "citizen"}


@dataclass(frozen=True)
class VenueData:
    key: str
    name: str
    address: str
    city: str
    accessibility_notes: str
    timezone: str = "Europe/Paris"


VENUES = (
    VenueData("commune-image", "Commune Image", "8 rue Godillot, 93400", "Saint-Ouen",
              "Plain-pied, boucle magnétique dans la salle de projection."),
    VenueData("h7", "H7", "70 quai Perrache, 69002", "Lyon",
              "Ascenseur vers les étages ; toilettes accessibles au rez-de-chaussée."),
    VenueData("jad", "JAD – Jardin des métiers d'Art et du Design", "7 rue Troyon, 92310", "Sèvres",
              "Ateliers de plain-pied ; parking réservé devant l'entrée."),
    VenueData("citadelle", "La Citadelle", "Fort d'Entrecasteaux, montée du Souvenir français, 13007", "Marseille",
              "Site historique en pente : navette adaptée sur réservation, rampes sur le parcours principal."),
)

# Other venues of the group, used by the large programme only.
EXTRA_VENUES = (
    VenueData("friche", "La Friche numérique", "12 rue des Ateliers, 59000", "Lille", ""),
    VenueData("halle", "La Halle aux idées", "3 place du Marché, 33000", "Bordeaux", ""),
    VenueData("fabrique", "La Fabrique des savoirs", "21 quai de la Loire, 44000", "Nantes", ""),
    VenueData("belvedere", "Le Belvédère", "5 avenue des Arts, 67000", "Strasbourg", ""),
)


@dataclass(frozen=True)
class EventData:
    team: str
    venue: str
    kind: str
    title: str
    description: str
    audience_notes: str = ""


def _upconf(venue: str, kind: str, title: str, theme: str, guests: str) -> EventData:
    description = (
        f"Un rendez-vous **#UpConf** pour comprendre et débattre : {theme}\n\n"
        f"### Avec\n\n{guests}\n\n"
        "### Déroulé\n\n"
        "- 45 minutes d'intervention ou de table ronde ;\n"
        "- 30 minutes d'échanges avec le public ;\n"
        "- un moment convivial pour continuer la discussion.\n\n"
        "Entrée libre sur réservation. Les conférences sont filmées et mises en ligne ensuite."
    )
    return EventData(UPCONF, venue, kind, f"#UpConf — {title}", description, "Tout public, dès 15 ans.")


def _labo(venue: str, kind: str, title: str, what: str, practical: str, audience: str) -> EventData:
    description = (
        f"{what}\n\n"
        "### En pratique\n\n"
        f"{practical}\n\n"
        "Proposé par le *Laboratoire des publics*. Gratuit, sur réservation : "
        "si vous ne pouvez plus venir, annulez en deux clics pour libérer votre place."
    )
    return EventData(LABORATOIRE, venue, kind, title, description, audience)


EVENTS = (
    _upconf("h7", "talk", "L'intelligence artificielle au service de la création ?",
            "que changent les outils génératifs pour les artistes, les studios et le public ?",
            "- Nadia Benali, chercheuse en informatique ;\n- Hugo Marchand, directeur artistique d'un studio lyonnais."),
    _upconf("citadelle", "debate", "Habiter la ville de demain",
            "chaleur, logement, espaces communs : comment les habitants réinventent la ville.",
            "- Sofia Martins, urbaniste ;\n- Karim Haddad, président d'une association de quartier ;\n"
            "- Élise Roux, architecte."),
    _upconf("commune-image", "talk", "Réalité virtuelle : raconter autrement",
            "ce que l'immersion fait au récit, au cinéma et au documentaire.",
            "- Lucie Perrin, réalisatrice ;\n- Thomas Nguyen, développeur d'expériences immersives."),
    _upconf("jad", "debate", "Les métiers d'art face au numérique",
            "imprimante 3D, découpe laser, réseaux : alliés ou concurrents du geste ?",
            "- Marion Lefèvre, céramiste ;\n- Julien Garnier, designer ;\n- Awa Diallo, formatrice."),
    _upconf("h7", "debate", "Culture et écologie : quelles transitions ?",
            "sobriété des lieux, tournées, numérique responsable : les pistes concrètes.",
            "- Camille Fabre, responsable RSE d'un festival ;\n- Antoine Moreau, ingénieur."),
    _upconf("citadelle", "talk", "Jeunesse et engagement",
            "comment les 15-25 ans s'engagent aujourd'hui, en ligne et dans la rue.",
            "- Inès Bouchard, sociologue ;\n- des membres du conseil des jeunes de Marseille."),
    _labo("citadelle", "guided_tour", "Visite guidée de la Citadelle",
          "Trois siècles d'histoire racontés depuis les remparts, avec une vue unique sur le Vieux-Port.",
          "Durée 1 h 30. Chaussures confortables conseillées.", "Tout public, en famille."),
    _labo("jad", "guided_tour", "Visite des ateliers du JAD",
          "Poussez la porte des ateliers et rencontrez les artisans d'art en résidence.",
          "Durée 1 h. Rendez-vous à l'accueil.", "Tout public."),
    _labo("jad", "workshop", "Atelier céramique avec une artiste résidente",
          "Modelez votre pièce aux côtés de Marion Lefèvre, céramiste, et repartez avec.",
          "Durée 2 h. Tablier fourni. Les pièces sont cuites et à récupérer deux semaines plus tard.",
          "Adultes et adolescents dès 12 ans."),
    _labo("commune-image", "workshop", "Atelier VR : créer son premier monde virtuel",
          "Casque sur la tête, imaginez et construisez un court monde en réalité virtuelle.",
          "Durée 2 h. Aucune connaissance requise. Casques désinfectés entre chaque usage.", "Dès 13 ans."),
    _labo("h7", "workshop", "Atelier de création sonore",
          "Enregistrez les sons de la ville et composez un paysage sonore avec un artiste.",
          "Durée 2 h 30. Micros et casques fournis.", "Tout public dès 10 ans."),
    _labo("commune-image", "screening", "Projection : courts-métrages en réalité virtuelle",
          "Une sélection de courts-métrages immersifs, suivie d'un échange avec les équipes.",
          "Durée 1 h 15. Séances en petits groupes.", "Dès 13 ans (casques de réalité virtuelle)."),
    _labo("commune-image", "screening", "Ciné-débat : filmer son quartier",
          "Des films tournés par des habitants de Saint-Ouen, puis un débat avec eux.",
          "Durée 2 h.", "Tout public."),
    _labo("citadelle", "show", "Parcours spectacle : cirque et théâtre d'objets",
          "Un parcours dans les salles de la Citadelle, de spectacle en spectacle.",
          "Durée 2 h, en extérieur en partie.", "En famille, dès 6 ans."),
    _labo("jad", "other", "Atelier intergénérationnel : jeux d'hier et d'aujourd'hui",
          "Grands-parents, parents et enfants fabriquent ensemble un jeu en bois, puis y jouent.",
          "Durée 2 h. Venez à deux générations au moins !", "Familles, dès 6 ans."),
    _labo("h7", "other", "Café numérique intergénérationnel",
          "Des jeunes bénévoles aident les seniors à apprivoiser smartphone et démarches en ligne, "
          "et les seniors racontent leur métier.",
          "Durée 1 h 30. Apportez votre appareil.", "Seniors et jeunes de 15 à 25 ans."),
)

# The event written in English too (titles and texts of the others are in French only).
ENGLISH_EVENT = {
    "title": "#UpConf — L'intelligence artificielle au service de la création ?",
    "title_en": "#UpConf — Artificial intelligence in the service of creation?",
    "summary": "Chercheurs et artistes débattent des outils génératifs.",
    "summary_en": "Researchers and artists debate generative tools.",
    "description_en": (
        "An **#UpConf** talk: what do generative tools change for artists, studios and the public?\n\n"
        "### With\n\n- Nadia Benali, computer science researcher;\n"
        "- Hugo Marchand, art director of a studio in Lyon.\n\n"
        "Free, booking required. The talk is filmed and put online afterwards."
    ),
}
# The Laboratoire des publics' event with a session today, soon: the door volunteer has someone to welcome.
TODAY_EVENT_TITLE = "Visite des ateliers du JAD"

DRAFT_EVENT = _labo("h7", "workshop", "Atelier robotique (en préparation)",
                    "Construire et programmer un petit robot, en équipe.", "Durée 3 h.", "Dès 10 ans.")

FIRST_NAMES = ("Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Jade", "Louise", "Emma", "Zoé", "Lucas",
               "Hugo", "Louis", "Nathan", "Yanis", "Adam", "Mohamed", "Gabriel", "Arthur", "Jules", "Fatou",
               "Aïcha", "Mehdi", "Karim", "Sofia", "Élodie", "Françoise", "Michel", "Jacqueline", "Bernard")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
              "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
              "Benali", "Diallo", "Nguyen", "Haddad", "Traoré", "Mercier", "Da Silva", "Faure", "André", "Kone")

PARTNERS = ("Centre social des Puces", "Maison des jeunes de Perrache", "EHPAD Les Tilleuls",
            "Association Lire et faire lire", "Collège Jean-Jaurès (4e B)", "Mission locale Marseille Nord",
            "Foyer d'accueil Les Oliviers", "Centre social Saint-Mauront")

ACCESSIBILITY_NEEDS = ("Wheelchair space", "French sign language (LSF)", "Audio description",
                       "Wheelchair space — nous venons avec un fauteuil électrique")
