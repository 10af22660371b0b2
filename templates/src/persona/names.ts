// Word lists the persona draws from: people, hostname words, site codes, internal domains,
// time zones and the weak passwords real servers are breached with (so none is a fleet constant).

export const FIRST_NAMES = [
  'james', 'mary', 'robert', 'patricia', 'john', 'jennifer', 'michael', 'linda', 'david', 'elizabeth',
  'william', 'barbara', 'richard', 'susan', 'joseph', 'jessica', 'thomas', 'sarah', 'chris', 'karen',
  'daniel', 'lisa', 'matthew', 'nancy', 'anthony', 'sandra', 'mark', 'ashley', 'steven', 'emily',
  'paul', 'michelle', 'andrew', 'laura', 'kevin', 'amanda', 'brian', 'melissa', 'george', 'rebecca',
  'jason', 'stephanie', 'ryan', 'nicole', 'jacob', 'anna', 'gary', 'julia', 'eric', 'olivia',
  'stefan', 'katrin', 'lukas', 'sabine', 'jonas', 'petra', 'felix', 'miriam', 'tobias', 'claudia',
  'pierre', 'camille', 'julien', 'sophie', 'nicolas', 'elodie', 'marco', 'giulia', 'luca', 'chiara',
  'javier', 'lucia', 'carlos', 'elena', 'pablo', 'marta', 'joao', 'ana', 'pedro', 'ines',
  'jan', 'eva', 'piotr', 'agnieszka', 'tomas', 'katarina', 'mikko', 'aino', 'lars', 'ingrid',
  'erik', 'astrid', 'sven', 'freya', 'arjun', 'priya', 'rahul', 'ananya', 'vikram', 'deepa',
  'wei', 'mei', 'jun', 'yuki', 'kenji', 'haruto', 'minh', 'linh', 'omar', 'leila',
  'ahmed', 'fatima', 'yusuf', 'amira', 'diego', 'valentina', 'mateo', 'camila', 'noah', 'emma',
] as const;

export const LAST_NAMES = [
  'smith', 'johnson', 'williams', 'brown', 'jones', 'miller', 'davis', 'wilson', 'anderson', 'taylor',
  'thomas', 'moore', 'martin', 'jackson', 'thompson', 'white', 'harris', 'clark', 'lewis', 'walker',
  'hall', 'allen', 'young', 'king', 'wright', 'scott', 'green', 'baker', 'adams', 'nelson',
  'mueller', 'schmidt', 'schneider', 'fischer', 'weber', 'meyer', 'wagner', 'becker', 'hoffmann', 'keller',
  'dubois', 'moreau', 'laurent', 'bernard', 'rossi', 'russo', 'ferrari', 'bianchi', 'garcia', 'martinez',
  'lopez', 'sanchez', 'fernandes', 'silva', 'santos', 'novak', 'kowalski', 'nowak', 'horvat', 'virtanen',
  'nielsen', 'hansen', 'larsen', 'johansson', 'andersson', 'berg', 'patel', 'sharma', 'gupta', 'singh',
  'chen', 'wang', 'li', 'zhang', 'tanaka', 'sato', 'suzuki', 'nguyen', 'tran', 'kim',
  'park', 'hassan', 'ali', 'khan', 'ibrahim', 'costa', 'oliveira', 'murphy', 'kelly', 'obrien',
] as const;

export const HOST_WORDS = [
  'atlas', 'orion', 'vega', 'lyra', 'draco', 'hydra', 'castor', 'pollux', 'sirius', 'rigel',
  'altair', 'deneb', 'antares', 'nova', 'pulsar', 'quasar', 'nebula', 'comet', 'meteor', 'zenith',
  'apollo', 'athena', 'hermes', 'zeus', 'hera', 'ares', 'artemis', 'poseidon', 'hades', 'titan',
  'odin', 'thor', 'freyr', 'loki', 'baldur', 'tyr', 'heimdall', 'mimir', 'fenrir', 'valhalla',
  'cobalt', 'nickel', 'copper', 'zinc', 'iron', 'argon', 'neon', 'xenon', 'krypton', 'radon',
  'falcon', 'eagle', 'hawk', 'raven', 'osprey', 'condor', 'kestrel', 'heron', 'crane', 'swift',
  'maple', 'cedar', 'birch', 'aspen', 'willow', 'spruce', 'alder', 'rowan', 'hazel', 'juniper',
  'amber', 'onyx', 'jade', 'opal', 'topaz', 'garnet', 'quartz', 'beryl', 'jasper', 'agate',
  'tiger', 'lynx', 'puma', 'jaguar', 'panther', 'otter', 'badger', 'beaver', 'bison', 'moose',
  'delta', 'sigma', 'omega', 'gamma', 'kappa', 'lambda', 'theta', 'epsilon', 'zeta', 'iota',
  'harbor', 'summit', 'canyon', 'glacier', 'meadow', 'river', 'lagoon', 'fjord', 'mesa', 'ridge',
  'mercury', 'venus', 'mars', 'jupiter', 'saturn', 'neptune', 'pluto', 'ceres', 'europa', 'ganymede',
  'phoenix', 'griffin', 'pegasus', 'sphinx', 'kraken', 'basilisk', 'chimera', 'wyvern', 'hydrus', 'cygnus',
] as const;

export const ADJECTIVES = [
  'quiet', 'amber', 'silent', 'brave', 'calm', 'eager', 'gentle', 'lucky', 'proud', 'rapid',
  'bold', 'clever', 'swift', 'misty', 'frosty', 'sunny', 'hidden', 'golden', 'silver', 'crimson',
  'noble', 'wild', 'stormy', 'steady', 'dusty', 'lunar', 'solar', 'polar', 'rustic', 'urban',
] as const;

export const SITE_CODES = [
  'fra', 'ber', 'muc', 'ham', 'ams', 'rtm', 'bru', 'par', 'lyo', 'lon', 'man', 'dub', 'mad', 'bcn', 'lis',
  'mil', 'rom', 'vie', 'zrh', 'gva', 'cph', 'sto', 'osl', 'hel', 'waw', 'prg', 'nyc', 'chi', 'dal', 'sea',
  'sfo', 'lax', 'atl', 'bos', 'tor', 'mtl', 'sgp', 'hkg', 'tyo', 'syd',
] as const;

export const INTERNAL_DOMAINS = [
  'corp.local', 'internal', 'lan', 'intra', 'office.local', 'ad.local', 'int', 'prod.internal', 'hq.local', 'home.arpa',
] as const;

export const ORG_WORDS = [
  'acme', 'globex', 'initech', 'umbrella', 'stark', 'wayne', 'vandelay', 'hooli', 'soylent', 'tyrell',
  'northwind', 'contoso', 'fabrikam', 'litware', 'tailspin', 'wingtip', 'adatum', 'proseware', 'lucerne', 'margie',
  'meridian', 'pinnacle', 'summit', 'keystone', 'bluewave', 'redrock', 'greenleaf', 'ironbridge', 'silverline', 'brightpath',
] as const;

export const TIMEZONES = [
  'Etc/UTC', 'Etc/UTC', 'Etc/UTC', 'Europe/Berlin', 'Europe/London', 'Europe/Paris', 'Europe/Amsterdam',
  'Europe/Madrid', 'Europe/Warsaw', 'America/New_York', 'America/Chicago', 'America/Los_Angeles',
  'America/Toronto', 'Asia/Singapore', 'Asia/Tokyo', 'Australia/Sydney',
] as const;

/** Root passwords found in brute-force dictionaries (so a determined attacker eventually gets in). */
export const WEAK_ROOT_PASSWORDS = [
  '123456', 'password', 'admin', 'root', 'toor', '12345678', 'qwerty', 'P@ssw0rd', 'Passw0rd', 'changeme',
  'letmein', 'admin123', 'root123', '1q2w3e4r', 'welcome', 'Welcome1', 'abc123', '111111', '123123',
  'password1', 'Password1', 'server', 'linux', 'test123', 'default', 'qwerty123', 'P@ssword1', 'rootroot',
  '1qaz2wsx', 'zaq12wsx', 'pa55word', 'master', 'secret', 'Admin@123', 'Root@123', 'ubuntu', 'centos',
] as const;

export const PASSWORD_WORDS = ['Summer', 'Winter', 'Spring', 'Autumn', 'Welcome', 'Company', 'Monday', 'Football', 'Dragon', 'Sunshine'] as const;
