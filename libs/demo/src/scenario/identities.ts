import type { Random } from './random';

/** Plausible French identities for the demo: people, associations, companies and local authorities. All fictitious. */

export interface Contact {
  personType: 'NATURAL' | 'LEGAL';
  firstName?: string;
  lastName?: string;
  companyName?: string;
  email: string;
  phone: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  language: string;
}

const FIRST_NAMES = [
  'Camille',
  'Léa',
  'Manon',
  'Chloé',
  'Emma',
  'Inès',
  'Jade',
  'Louise',
  'Alice',
  'Lina',
  'Sarah',
  'Juliette',
  'Zoé',
  'Anaïs',
  'Claire',
  'Élodie',
  'Sophie',
  'Nathalie',
  'Isabelle',
  'Sandrine',
  'Céline',
  'Aurélie',
  'Marion',
  'Pauline',
  'Mathilde',
  'Hélène',
  'Margaux',
  'Lucie',
  'Agnès',
  'Françoise',
  'Monique',
  'Sylvie',
  'Valérie',
  'Nadia',
  'Fatima',
  'Yasmine',
  'Amina',
  'Lucas',
  'Hugo',
  'Louis',
  'Gabriel',
  'Arthur',
  'Jules',
  'Adam',
  'Raphaël',
  'Nathan',
  'Théo',
  'Tom',
  'Maxime',
  'Antoine',
  'Thomas',
  'Nicolas',
  'Julien',
  'Guillaume',
  'Romain',
  'Sébastien',
  'Olivier',
  'Pierre',
  'Jean',
  'Michel',
  'Philippe',
  'François',
  'Benoît',
  'Rémi',
  'Jérôme',
  'Laurent',
  'Stéphane',
  'Cédric',
  'Damien',
  'Yannick',
  'Karim',
  'Mehdi',
  'Yacine',
  'Bastien',
  'Quentin',
  'Mathieu',
  'Clément',
  'Paul',
  'Victor',
  'Étienne',
  'Gaëlle',
  'Noémie',
  'Solène',
  'Maëlys',
  'Loïc',
];

const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Thomas',
  'Petit',
  'Robert',
  'Richard',
  'Durand',
  'Dubois',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Lefèvre',
  'Leroy',
  'Roux',
  'David',
  'Bertrand',
  'Morel',
  'Fournier',
  'Girard',
  'Bonnet',
  'Dupont',
  'Lambert',
  'Fontaine',
  'Rousseau',
  'Vincent',
  'Muller',
  'Lefebvre',
  'Faure',
  'André',
  'Mercier',
  'Blanc',
  'Guérin',
  'Boyer',
  'Garnier',
  'Chevalier',
  'François',
  'Legrand',
  'Gauthier',
  'Garcia',
  'Perrin',
  'Robin',
  'Clément',
  'Morin',
  'Nicolas',
  'Henry',
  'Roussel',
  'Mathieu',
  'Gautier',
  'Masson',
  'Marchand',
  'Duval',
  'Denis',
  'Dumont',
  'Marie',
  'Lemaire',
  'Noël',
  'Meyer',
  'Dufour',
  'Meunier',
  'Brun',
  'Blanchard',
  'Giraud',
  'Joly',
  'Rivière',
  'Lucas',
  'Brunet',
  'Gaillard',
  'Barbier',
  'Arnaud',
  'Martinez',
  'Gérard',
  'Roche',
  'Renard',
  'Schmitt',
  'Roy',
  'Leroux',
  'Colin',
  'Vidal',
  'Caron',
  'Picard',
  'Roger',
  'Fabre',
  'Aubert',
  'Lemoine',
  'Vial',
  'Reynaud',
  'Chabert',
  'Bonnefoy',
  'Faure-Brac',
  'Achard',
  'Eymard',
  'Jourdan',
  'Rey',
  'Pélissier',
  'Benoit',
  'Ollivier',
  'Benali',
  'Haddad',
  'Nguyen',
  'Da Silva',
  'Ferreira',
  'Lopez',
  'Sanchez',
  'Diallo',
  'Traoré',
  'Kaya',
  'Rossi',
  'Bianchi',
];

/** The cooperative works in the Drôme valley; some members live further away. */
const CITIES: readonly (readonly [string, string, number])[] = [
  ['Crest', '26400', 14],
  ['Die', '26150', 12],
  ['Saillans', '26340', 6],
  ['Valence', '26000', 12],
  ['Romans-sur-Isère', '26100', 5],
  ['Montélimar', '26200', 5],
  ['Livron-sur-Drôme', '26250', 4],
  ['Loriol-sur-Drôme', '26270', 3],
  ['Aouste-sur-Sye', '26400', 3],
  ['Eurre', '26400', 2],
  ['Chabeuil', '26120', 3],
  ['Bourg-lès-Valence', '26500', 3],
  ['Dieulefit', '26220', 3],
  ['Nyons', '26110', 2],
  ['Privas', '07000', 3],
  ['Le Pouzin', '07250', 1],
  ['Grenoble', '38000', 5],
  ['Lyon', '69003', 6],
  ['Villeurbanne', '69100', 3],
  ['Marseille', '13006', 2],
  ['Paris', '75011', 3],
  ['Montpellier', '34000', 2],
  ['Toulouse', '31000', 1],
  ['Nantes', '44000', 1],
];

const STREETS = [
  'rue de la République',
  'avenue Jean Jaurès',
  'rue Victor Hugo',
  'chemin des Vignes',
  'place du Marché',
  'rue des Tilleuls',
  'impasse des Lilas',
  'rue du Four',
  'route de Die',
  'rue Émile Zola',
  'allée des Platanes',
  'rue de la Gare',
  'quai de la Drôme',
  'rue Pasteur',
  'chemin du Moulin',
  'rue des Écoles',
  'boulevard Gambetta',
  'rue du Docteur Rollet',
  'montée des Remparts',
  'rue de l’Église',
  'chemin de la Roche',
  'avenue de Provence',
  'rue Sadi Carnot',
  'place de la Liberté',
];

const PERSONAL_MAIL = ['example.org', 'example.net', 'example.com'];

const ASSOCIATION_KINDS = [
  'Foyer rural',
  'Jardins partagés',
  'Repair café',
  'Comité des fêtes',
  'Ludothèque',
  'Médiathèque associative',
  'Atelier vélo',
  'Amicale laïque',
  'Centre social',
  'Radio associative',
  'Tiers-lieu',
  'Épicerie solidaire',
  'Compagnie de théâtre',
  'Club informatique',
];

const TRADES = [
  'Menuiserie',
  'Boulangerie',
  'Imprimerie',
  'Librairie',
  'Atelier graphique',
  'Studio web',
  'Brasserie artisanale',
  'Ferme',
  'Garage',
  'Cabinet comptable',
  'Fromagerie',
  'Scierie',
  'Agence de voyage',
  'Pharmacie',
  'Cave coopérative',
  'Éditions',
];

/** The local authorities that join, with the year they do. Their share of capital stays well under the legal 50 %. */
export const PUBLIC_BODIES: readonly { name: string; postalCode: string; city: string; street: string; year: number }[] = [
  { name: 'Commune de Crest', postalCode: '26400', city: 'Crest', street: 'place du Docteur Maurice Rozier', year: 2021 },
  { name: 'Commune de Die', postalCode: '26150', city: 'Die', street: 'rue Joseph Reynaud', year: 2022 },
  { name: 'Communauté de communes du Crestois et du Pays de Saillans', postalCode: '26400', city: 'Crest', street: 'rue Peysson', year: 2022 },
  { name: 'Commune de Saillans', postalCode: '26340', city: 'Saillans', street: 'place de la Mairie', year: 2023 },
  { name: 'Communauté de communes du Diois', postalCode: '26150', city: 'Die', street: 'rue Camille Buffardel', year: 2024 },
  { name: "Commune d'Aouste-sur-Sye", postalCode: '26400', city: 'Aouste-sur-Sye', street: 'place de la Mairie', year: 2025 },
];

/** Lower case, no accents, only what an e-mail address takes. */
export function slug(text: string, separator = '.'): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '');
}

export class IdentityFactory {
  private readonly emails = new Set<string>();
  private readonly names = new Set<string>();

  constructor(private readonly rng: Random) {}

  person(): Contact {
    let firstName: string;
    let lastName: string;
    do {
      firstName = this.rng.pick(FIRST_NAMES);
      lastName = this.rng.pick(LAST_NAMES);
    } while (this.names.has(`${firstName} ${lastName}`));
    this.names.add(`${firstName} ${lastName}`);
    const [city, postalCode] = this.city();
    return {
      personType: 'NATURAL',
      firstName,
      lastName,
      email: this.email(`${slug(firstName)}.${slug(lastName)}`, this.rng.pick(PERSONAL_MAIL)),
      phone: this.phone(this.rng.pick(['06', '07'])),
      street: `${this.rng.int(1, 120)} ${this.rng.pick(STREETS)}`,
      postalCode,
      city,
      country: 'FR',
      language: 'fr_FR',
    };
  }

  association(): Contact {
    const [city, postalCode] = this.city(true);
    return this.organisation(`${this.rng.pick(ASSOCIATION_KINDS)} de ${city}`, city, postalCode);
  }

  company(): Contact {
    const [city, postalCode] = this.city(true);
    const form = this.rng.weighted([
      ['SARL', 4],
      ['SAS', 3],
      ['SCOP', 2],
      ['EURL', 1],
    ] as const);
    return this.organisation(`${form} ${this.rng.pick(TRADES)} ${this.rng.pick(LAST_NAMES)}`, city, postalCode);
  }

  publicBody(body: (typeof PUBLIC_BODIES)[number]): Contact {
    return {
      ...this.organisation(body.name, body.city, body.postalCode),
      street: `1 ${body.street}`,
      email: this.email(body.name.startsWith('Commune') ? 'mairie' : 'accueil', `${slug(body.name, '-')}.example.fr`),
    };
  }

  private organisation(name: string, city: string, postalCode: string): Contact {
    let companyName = name;
    for (let n = 2; this.names.has(companyName); n++) companyName = `${name} (${n})`;
    this.names.add(companyName);
    return {
      personType: 'LEGAL',
      companyName,
      email: this.email('contact', `${slug(companyName, '-')}.example.fr`),
      phone: this.phone(this.rng.pick(['04 75', '04 75', '04 26'])),
      street: `${this.rng.int(1, 60)} ${this.rng.pick(STREETS)}`,
      postalCode,
      city,
      country: 'FR',
      language: 'fr_FR',
    };
  }

  private city(local = false): readonly [string, string] {
    const cities = local ? CITIES.filter(([, code]) => code.startsWith('26')) : CITIES;
    const [city, code] = this.rng.weighted(cities.map((c) => [c, c[2]] as const));
    return [city, code];
  }

  private email(local: string, domain: string): string {
    let address = `${local}@${domain}`;
    for (let n = 2; this.emails.has(address); n++) address = `${local}${n}@${domain}`;
    this.emails.add(address);
    return address;
  }

  private phone(prefix: string): string {
    const digits = 10 - prefix.replace(/ /g, '').length;
    let rest = '';
    for (let i = 0; i < digits; i++) rest += String(this.rng.int(0, 9));
    return `${prefix} ${rest.match(/../g)?.join(' ')}`;
  }
}
