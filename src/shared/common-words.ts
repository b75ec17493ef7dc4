// Data: ordinary words (6+ letters, lower case) a sentence sets a setting "to" that are no credential: states,
// places, products, channels, adverbs (review31e: "set the token to secure", "the token was updated to latest").
// A letters-only value after `<secret key> … to` is masked only when it is not one of these; a real value that
// is an English word is a weak secret the user chose, and the price of keeping one is lower than masking prose.
const WORDS = `
absent accepted active allowed already anyway approved automatic automatically available backend before blocked
browser bundled cached change changed client closed cloud console container current custom daemon dashboard
debugging default deleted denied desktop develop development device devices different disabled discord docker
enabled encrypted engine enough everyone expire expired export external failed firefox forever gateway github
global google hidden inherit inside install instead internal iphone keychain latest linux loaded localhost
locked loopback manual missing mobile native nightly normal nothing offline online openai openclaw optional
origin outside paired pairing partial pending plugin private process production protected public random remote
removed required restart restricted revoked rotate rotated safari secret secure server service session signal
slack something stable staging static stopped strict system systemd tailscale telegram tested trusted unknown
unlock unlocked unpaired unset update updated upgrade upstream useless verified webchat whatsapp windows
`;
export const COMMON_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));
