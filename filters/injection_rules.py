"""Rule table for adversarial-input screening: stable ids, weights, precompiled once.

Rules read the *folded* text from `filters.canonical` (lowercase, accents stripped,
ASCII quotes, single spaces), so patterns need no case or accent variants. Each rule
names literal `keys`, one of which must occur for the rule to possibly match; a single
trie-shaped regex finds the keys present, and only those rules run. A benign message
with no trigger word therefore costs one regex scan, however many rules there are.

Weights are the probability-like strength of one hit; the detector combines hits with a
noisy-OR, so two weak independent signals add up but never exceed 1. `indirect_weight`
applies when the text comes from a tool result, a retrieved document or assistant
history, where text that addresses the model or ships data somewhere is an attack on
its own (it is an ordinary request when a user types it).

Families map to the reason code the filter reports: `jailbreak` for persona, role
hijack and refusal suppression, `prompt_injection` for everything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from filters.word_index import KeyTable, WordIndex, key_code, word_index

JAILBREAK_FAMILIES = frozenset({"hijack", "persona", "refusal"})

# Pattern macros. GAP: a few words within one sentence, lazily.
_GAP = r"[^.!?\n]{0,40}?"
_GAP_L = r"[^.!?\n]{0,80}?"
# A negation right before a match voids it: "don't forget the previous instructions".
# Checked after a match (not as a lookbehind) so the regex keeps its fast first-char scan.
_NEGATION_RE = re.compile(r"(?:\b(?:not|dont|never|no|non|nao|nicht) |n't |n')$")


@dataclass(frozen=True, slots=True)
class Rule:
    """One detection rule. `id` is stable: configs disable rules and audits count them by id."""

    id: str
    family: str
    weight: float
    keys: tuple[str, ...]  # word stems (or short whole words); one must occur
    pattern: re.Pattern[str]
    indirect_weight: float | None = None
    lang: str = "en"
    negatable: bool = False
    subs: tuple[str, ...] = ()  # substrings that also make the rule a candidate
    need: tuple[str, ...] = ()  # and one of these words must occur as well (second anchor)
    indirect_only: bool = False  # too weak to matter in a user's own text: skipped there

    def __hash__(self) -> int:
        return hash(self.id)

    def weight_for(self, indirect: bool) -> float:
        if indirect and self.indirect_weight is not None:
            return self.indirect_weight
        return self.weight


def _r(
    rule_id: str,
    weight: float,
    keys: str,
    pattern: str,
    *,
    indirect: float | None = None,
    lang: str = "en",
    subs: tuple[str, ...] = (),
    need: str = "",
    indirect_only: bool = False,
) -> Rule:
    return Rule(
        id=rule_id,
        family=rule_id.split(".", 1)[0],
        weight=weight,
        keys=tuple(keys.split()),
        pattern=re.compile(pattern),
        indirect_weight=indirect,
        lang=lang,
        negatable=rule_id.startswith("override.")
        and rule_id != "override.other_lang"
        or rule_id == "extract.secret",
        subs=subs,
        need=tuple(need.split()),
        indirect_only=indirect_only,
    )


# Nouns for "the instructions you were given", per language.
_EN_INSTR = (
    r"(?:instructions?|prompts?|rules|directions|directives|guidelines|commands?|orders|"
    r"constraints|restrictions|programming|guidance|policies|context|conditioning|training)"
)
_EN_PRIOR = (
    r"(?:previous|prior|above|preceding|earlier|former|initial|original|old|existing|system|developer|given)"
)

RULES: tuple[Rule, ...] = (
    # --- instruction override ----------------------------------------------------------
    _r(
        "override.ignore_previous",
        0.85,
        "ignor disregard forget skip bypass overri discard drop abandon neglect obey aside throw",
        rf"\b(?:ignore|disregard|forget|skip|bypass|override|discard|drop|abandon|neglect|set aside|"
        rf"throw out|do not follow|don'?t follow|stop following|no longer follow|stop obeying)\b"
        rf"{_GAP}\b(?:{_EN_PRIOR}(?:'s)?\s+(?:\w+\s+)?{_EN_INSTR}|{_EN_INSTR}\s+(?:above|before|given|"
        rf"you (?:were|have been|got))|(?:all|everything) (?:above|before|prior|previous|you were told|that came "
        rf"before)|(?:whatever|everything|anything|all) (?:you (?:were|have been|'ve been|got) )"
        rf"(?:told|given|instructed|taught))\b",
        need="previous prior above preceding earlier former initial original old existing system developer given instructions instruction prompt prompts rules directions directives guidelines commands command orders constraints restrictions programming guidance policies context conditioning training everything all whatever told before",
    ),
    _r(
        "override.ignore_instructions",
        0.6,
        "ignor disregard forget overri bypass skip drop discard abandon aside throw",
        rf"\b(?:ignore|disregard|forget|override|bypass|skip|drop|discard|abandon|set aside|throw out)\s+"
        rf"(?:all\s+|any\s+)?(?:of\s+)?(?:your|its|the developer'?s|the system'?s|the original|the previous)\s+"
        rf"(?:\w+\s+)?{_EN_INSTR}\b",
    ),
    _r(
        "override.ignore_above",
        0.6,
        "ignor disregard forget",
        r"\b(?:ignore|disregard|forget)\s+(?:all\s+)?(?:of\s+)?(?:the|everything|what(?:'s| is| was)?)\s+"
        r"(?:above|before|said before|written above)\b(?!\s+(?:paragraph|chapter|section|figure|table|"
        r"example|error|warning|code|image|chart|graph|list|link|comment|typo|note))",
    ),
    _r(
        "override.ignore_task",
        0.4,
        "ignor disregard forget skip drop abandon",
        r"\b(?:ignore|disregard|forget|skip|drop|abandon)\s+(?:the|this|that|your|my)\s+(?:[\w']+\s+)?"
        r"(?:task|request|prompt|question|assignment)\b[^.!?\n]{0,30}?\b(?:and|instead|then|just)\b",
        indirect=0.8,
        need="task request prompt question assignment",
    ),
    _r(
        "override.cancelled",
        0.8,
        "cancelled canceled void revoked invalid obsolete overridden lifted",
        r"\b(?:previous|prior|earlier|above|old|original|initial|your|all|system) (?:instructions|rules|"
        r"directives|guidelines|orders|prompts?|restrictions) (?:are|is|have been|were) (?:now |hereby )?"
        r"(?:cancel+ed|void|revoked|invalid|obsolete|overridden|lifted|no longer (?:valid|in effect|active))\b",
    ),
    _r(
        "hijack.lawless_world",
        0.5,
        "world universe scenario reality story game simulation",
        r"\b(?:world|universe|scenario|reality|story|game|simulation)\b[^.!?\n]{0,40}\b(?:there are|with|has|"
        r"have|without) (?:no|any) (?:laws|rules|restrictions|ethics|morals|limits|guidelines|consequences|"
        r"censorship)\b",
        need="laws rules restrictions ethics morals limits guidelines consequences censorship",
    ),
    _r(
        "hijack.filters_off",
        0.7,
        "disabled off removed lifted deactivated suspended",
        r"\b(?:safety|content|moderation|ethical|ethics|security)\s+(?:filters?|protocols?|guardrails|"
        r"restrictions|guidelines|safeguards|polic(?:y|ies)|checks)\s+(?:are|is|have been|were)\s+(?:now\s+|all\s+)?"
        r"(?:disabled|off|removed|lifted|deactivated|turned off|suspended)\b",
        need="filters filter protocols protocol guardrails restrictions guidelines safeguards policy policies checks",
    ),
    _r(
        "hijack.special_mode",
        0.6,
        "mode",
        r"\byou(?:'re| are) (?:now )?in (?:developer|god|debug|maintenance|admin|sudo|unrestricted|dan|jailbreak|"
        r"evil|test|root) mode\b|\b(?:enter|activate|switch to|turn on) (?:god|maintenance|sudo|unrestricted|dan|"
        r"jailbreak|evil|root) mode\b",
    ),
    _r(
        "hijack.rules_dont_apply",
        0.75,
        "apply",
        r"\b(?:rules|guidelines|restrictions|policies|filters|laws|ethics|limits|content polic\w*) "
        r"(?:do not|don'?t|no longer|does not|doesn'?t) apply to you\b",
    ),
    _r(
        "hijack.hypothetical",
        0.6,
        "content rules restrictions guidelines filters limits ethics censorship programming",
        r"\bif you (?:had|have|were (?:to have)?) no (?:content polic(?:y|ies)|rules|restrictions|guidelines|"
        r"filters|limits|ethics|censorship|programming)\b",
        need="had have were",
    ),
    _r(
        "override.forget_everything",
        0.6,
        "forget",
        r"\bforget (?:about )?(?:everything|all|what)\b[^.!?\n]{0,20}?\b(?:above|before|previous(?:ly)?|"
        r"prior|earlier|so far|(?:you|i) (?:were|was|have been|'ve been) (?:told|given|instructed|taught)|"
        r"i (?:said|told you)|we (?:said|discussed))\b|\bforget (?:all )?your (?:training|programming|"
        r"instructions|rules|guidelines|restrictions)\b",
    ),
    _r(
        "override.new_instructions",
        0.55,
        "instructions task rules orders objective directive system changed policy guidelines",
        r"\b(?:new|updated|real|actual|revised|true) (?:instructions?|task|rules|orders|objective|"
        r"directive|system prompt|policy|guidelines)\s*(?::|- |follow\b|(?:is |are )?(?:now )?(?:in )?effective|"
        r"(?:is |are )?in effect)|\byour (?:new|real|actual|true|only) (?:instructions?|"
        r"task|rules|orders|objective|directive|goal|purpose) (?:is|are)\b|\binstructions? (?:have|has) "
        r"(?:changed|been updated)\b",
        need="new updated real actual revised true changed",
    ),
    _r(
        "override.admin_claim",
        0.45,
        "override access privileges command authorization",
        r"\b(?:administrator|admin|developer|sudo|root|system|maintenance|debug)\s+"
        r"(?:override|access granted|privileges granted|command)\b|\bauthori[sz]ation "
        r"(?:code|level)\b.{0,30}\b(?:granted|override)\b",
        need="administrator admin developer sudo root system maintenance debug authorization authorisation",
    ),
    _r(
        "override.fr",
        0.85,
        "ignor oubli tiens tenez",
        r"\b(?:ignore[rsz]?|oublie[rsz]?|ne tiens? (?:pas|plus) compte d|ne tenez (?:pas|plus) compte d)"
        r"[^.!?\n]{0,30}?\b(?:instructions?|consignes?|regles|directives|ordres|indications)\b"
        r"[^.!?\n]{0,30}?(?:precedent|anterieur|ci-dessus|d'avant|initiales|du systeme|donnees)"
        r"|\boublie[rsz]? (?:tout|toutes? (?:les|tes|vos) (?:instructions|consignes|regles))"
        r"|\boublie[rsz]? (?:tout )?ce (?:qu'on t'a|qu'on vous a|que je t'ai|que je vous ai|qui t'a ete) "
        r"(?:dit|demande|donne|ecrit)",
        lang="fr",
    ),
    _r(
        "override.es",
        0.85,
        "ignor olvid sigas",
        r"\b(?:ignora[rd]?|ignore|olvida[rd]?|no sigas)\b[^.!?\n]{0,30}?\b(?:instrucciones|"
        r"indicaciones|reglas|ordenes|directrices|normas)\b[^.!?\n]{0,30}?(?:anteriores|previas|"
        r"de arriba|iniciales|del sistema|originales|dadas)|\bolvida(?:te)? (?:de )?todo\b",
        lang="es",
    ),
    _r(
        "override.de",
        0.85,
        "ignor vergiss missachte befolge",
        r"\b(?:ignorier\w*|vergiss\w*|missachte\w*|befolge nicht)\b(?! nicht)[^.!?\n]{0,40}?\b\w*(?:anweisungen|"
        r"instruktionen|befehle|regeln|anordnungen|vorgaben|richtlinien|alles)\b",
        lang="de",
    ),
    _r(
        "override.it",
        0.85,
        "ignor dimentic",
        r"\b(?:ignora(?:re)?|dimentica(?:re)?)\b[^.!?\n]{0,30}?\b(?:istruzioni|indicazioni|regole|"
        r"direttive|ordini)\b[^.!?\n]{0,30}?(?:precedenti|iniziali|di sistema|sopra|originali|date)"
        r"|\bdimentica (?:tutto|tutte le (?:istruzioni|regole))",
        lang="it",
    ),
    _r(
        "override.pt",
        0.85,
        "ignor esquec",
        r"\b(?:ignore|ignora[r]?|esqueca|esquece[r]?)\b[^.!?\n]{0,30}?\b(?:instrucoes|instrucao|"
        r"regras|orientacoes|diretrizes|ordens|comandos)\b[^.!?\n]{0,30}?(?:anteriores|previas|"
        r"acima|iniciais|do sistema|originais|dadas)|\besquec[ae] (?:tudo|todas as (?:instrucoes|regras))",
        lang="pt",
    ),
    _r(
        "override.your_rules_multi",
        0.75,
        "ignor oubli olvid dimentic esquec vergiss",
        r"\b(?:ignore[rsz]?|ignores|ignora[rs]?|ignoriere\w*|oublie[rsz]?|olvida[rs]?|dimentica|esquec[ae]\w*|"
        r"vergiss)\b\s+(?:(?:toutes|todas|tutte|alle|tous|todos|tutti)\s+)?(?:(?:tes|vos|tus|sus|le tue|tue|i tuoi|"
        r"suas|seus|as suas|deine|ihre)\s+\w*(?:regles|reglas|regole|regras|regeln|richtlinien|consignes|"
        r"directives|directrices|diretrizes|restrictions|restricciones|restrizioni|restricoes)|(?:les |las |le |"
        r"as |die )?\w*(?:regles|reglas|regole|regras|regeln|richtlinien|directives|directrices|diretrizes)\s+"
        r"(?:de securite|de seguridad|di sicurezza|de seguranca|de moderation|de moderacion|di moderazione)|"
        r"\w*sicherheitsrichtlinien)\b",
        lang="multi",
    ),
    _r(
        "hijack.now_you_are",
        0.3,
        "now",
        r"\bnow,? you(?:'re| are) (?!going|ready|done|able|all set|logged|signed|connected|subscribed)",
    ),
    _r(
        "override.other_lang",
        0.85,
        "negeer vergeet zignoruj zapomnij игнорируй забудь",
        r"\b(?:negeer|vergeet)\b.{0,30}\b(?:instructies|regels|opdrachten)\b"
        r"|\b(?:zignoruj|zapomnij)\b.{0,30}\b(?:instrukcje|polecenia|zasady)\b"
        r"|(?:игнорир\w*|забудь)\b.{0,30}(?:инструкци|правил|указани)"
        r"|(?:忽略|忘记|无视)(?:之前|以上|前面|先前|所有)?.{0,6}(?:指令|指示|说明|规则)"
        r"|(?:以前|前|上記)の(?:指示|命令|ルール).{0,4}(?:無視|忘れ)"
        r"|(?:이전|위의).{0,6}(?:지시|명령).{0,4}무시",
        lang="multi",
        subs=("忽略", "忘记", "无视", "無視", "忘れ", "무시"),
    ),
    # --- role hijack ----------------------------------------------------------------------
    _r(
        "hijack.you_are_now",
        0.7,
        "now",
        r"\byou(?:'re| are| will be) now (?:(?:a|an|my|the|in)\s+)?(?:\w+\s+){0,3}?(?:unrestricted|"
        r"unfiltered|uncensored|jailbroken|free|freed|liberated|evil|dan|no longer|not bound|without|"
        r"called|named|going to (?:act|pretend|be)|acting as|(?:developer|god|dan|jailbreak|unrestricted|"
        r"admin|maintenance|debug|sudo|evil) mode)\b",
    ),
    _r(
        "hijack.act_unrestricted",
        0.75,
        "restri filter limita limits censor guidel rules ethics morals moral ethical content safety",
        rf"\b(?:act|behave|respond|pretend|role-?play|roleplay|simulate|imagine|answer)\w*\b{_GAP_L}"
        r"\b(?:without|no|free (?:of|from)|not bound by|not restricted by|unbound by|regardless of)\s+"
        r"(?:any\s+|all\s+|the\s+|your\s+)*(?:\w+\s+)?(?:restrictions|filters|filtering|limitations|limits|"
        r"censorship|guidelines|rules|ethics|morals|moral|ethical|content polic\w+|safety)\b",
        need="without no free bound restricted unbound regardless",
    ),
    _r(
        "hijack.not_bound",
        0.7,
        "bound restricted limited constrained abide",
        r"\b(?:not|never|no longer|isn'?t|aren'?t|don'?t have to be|does not have to)\s+(?:be\s+)?(?:bound|"
        r"restricted|limited|constrained|abide)\s+(?:by|to)\s+(?:the\s+|any\s+|its\s+|your\s+)?"
        r"(?:\w+\s+){0,3}?(?:rules|polic\w+|guidelines|restrictions|content|ethics|laws|filters|"
        r"openai|anthropic|google|meta)\b",
    ),
    _r(
        "hijack.from_now_on",
        0.35,
        "now",
        r"\bfrom now on,? (?:you|your|u)\b(?:\s+\w+){0,2}\s+(?:will|are|must|shall|should|respond|answer|act)\b",
    ),
    _r(
        "hijack.pretend",
        0.1,
        "pretend roleplay act",
        r"\b(?:pretend (?:to be|you are|you're|that you)|role-?play as|act as (?:if you were|a|an))\b",
        subs=("role-play",),
    ),
    _r(
        "hijack.multilingual",
        0.6,
        "maintenant desormais partir fais agis ahora eres jetzt nun sofort ora adesso poi fingi agora finja sans sin ohne senza sem",
        r"\b(?:tu es (?:maintenant|desormais)|a partir de maintenant,? tu|fais comme si tu|agis comme si)"
        r"|\b(?:ahora|a partir de ahora) (?:eres|seras|actuaras)|\bdu bist (?:jetzt|nun|ab sofort)\b"
        r"|\bab (?:jetzt|sofort) (?:bist|wirst|handelst) du|\b(?:ora|adesso|d'ora in poi) (?:sei|sarai|agirai)\b"
        r"|\bfingi di essere|\b(?:agora|a partir de agora) (?:voce e|voce sera|tu es)\b|\bfinja (?:ser|que)\b"
        r"|\b(?:sans (?:aucune |aucun )?(?:restrictions?|limites?|filtres?|censure)"
        r"|sin (?:ninguna |ningun )?(?:restricciones?|limites|filtros?|censura)"
        r"|ohne (?:jegliche |alle |irgendwelche )?(?:einschr\w*|beschr\w*|filter|zensur|regeln|grenzen)"
        r"|senza (?:alcuna |nessuna )?(?:restrizion\w*|limit\w*|filtr\w*|censura)"
        r"|sem (?:nenhuma |qualquer )?(?:restric\w*|limit\w*|filtros?|censura))\b",
        lang="multi",
    ),
    # --- personas (DAN, developer mode) ---------------------------------------------------
    _r("persona.do_anything_now", 0.9, "anything", r"\bdo anything now\b"),
    _r(
        "persona.dan",
        0.75,
        "dan chatdan betterdan antidan superdan",
        r"\b(?:chat|better|anti-?|super)dan\b|\bdan (?:mode|prompt|jailbreak|\d+(?:\.\d+)?)\b|"
        r"\b(?:as|you are|act as|pretend to be|become|called|named) dan\b|\[dan\]|\bdan's\b",
    ),
    _r(
        "persona.developer_mode",
        0.75,
        "mode",
        r"\b(?:developer|dev|god|jailbreak|jailbroken|unrestricted|unlocked|evil|opposite|dan|sudo|"
        r"unfiltered|maximum|chaos|debug) mode (?:enabled|activated|output|response)\b|"
        r"\b(?:chatgpt|gpt|you|ai|assistant|model|llm|claude|bard)\b[^.!?\n]{0,30}\b(?:with|in) "
        r"(?:developer|god|jailbreak|dan|unrestricted|evil) mode\b|"
        r"\b(?:simulate|emulate|act (?:like|as)|pretend)\b[^.!?\n]{0,40}\b(?:developer|god|jailbreak|dan) mode\b",
    ),
    _r(
        "persona.jailbroken",
        0.75,
        "jailbroken jailbreak",
        r"\b(?:you(?:'re| are| have been| were| will be)(?: now)?|i have|i've) jailbroken\b|"
        r"\bjailbroken (?:ai|model|assistant|chatbot|version|llm|gpt|chatgpt|mode)\b|"
        r"\[\s*(?:🔓\s*)?jailbreak\s*\]|\bjailbreak (?:prompt|mode)\b",
    ),
    _r(
        "persona.unfiltered_ai",
        0.4,
        "unfiltered uncensored amoral unrestricted unethical immoral evil unbound unchained limitless lawless",
        r"\b(?:unfiltered|uncensored|amoral|unrestricted|unethical|immoral|evil|unbound|unchained|"
        r"limitless|lawless)\s+(?:and\s+\w+\s+)?(?:ai|chatbot|assistant|model|language model|llm|version|"
        r"persona|bot|entity|responses?|answers?)\b",
    ),
    _r(
        "persona.amoral",
        0.45,
        "moral morals morality ethics ethical legality consequences",
        r"\b(?:does not|doesn'?t|don'?t|do not|never) cares? about (?:ethics|morals|morality|rules|laws|"
        r"guidelines|safety|consequences|legality)\b|\b(?:with|has|have|having|without any) no (?:\w+ )?"
        r"(?:moral|ethical) (?:limits|boundaries|constraints|guidelines|restrictions)\b|\bno (?:moral|ethical) "
        r"(?:limits|boundaries|constraints|guidelines|restrictions) (?:whatsoever|at all)\b",
    ),
    _r(
        "persona.deceased_relative",
        0.6,
        "deceased late dead",
        r"\b(?:deceased|late|dead) (?:grand(?:ma|mother|pa|father)|mother|father|mom|dad)\b[^.!?\n]{0,60}?"
        r"\bused to (?:read|tell|say|give|recite|share)\b",
    ),
    _r(
        "refusal.break_rules",
        0.6,
        "break breaking",
        r"\b(?:let'?s|we will|we'll|you will|you'll|you can|now|time to) (?:break|breaking) (?:the|all|all the|your|"
        r"openai'?s|its|some) (?:rules|guidelines|policies|restrictions|laws)\b",
        need="rules guidelines policies restrictions laws",
    ),
    _r(
        "persona.stay_in_character",
        0.4,
        "character",
        r"\b(?:stay|remain|keep) in character\b|\bbreak(?:ing)? character\b",
    ),
    _r(
        "persona.dual_response",
        0.7,
        "classic output two",
        r"[\[(]\s*(?:🔒\s*)?classic\s*[\])]|\b(?:normal|developer mode|jailbreak|dan) output\b|"
        r"\btwo (?:different |separate )?(?:responses|answers|paragraphs)\b[^.!?\n]{0,80}"
        r"\b(?:jailbr\w*|unfiltered|dan|developer mode|uncensored)\b",
        need="classic normal developer jailbreak dan jailbroken unfiltered uncensored",
    ),
    _r(
        "persona.multilingual",
        0.7,
        "mode modo modalita entwicklermodus",
        r"\b(?:mode developpeur|modo (?:desarrollador|desenvolvedor|sviluppatore)|entwicklermodus|"
        r"modalita sviluppatore)\b[^.!?\n]{0,60}?\b(?:censur\w*|zensur|restric\w*|restriz\w*|"
        r"einschr\w*|filt\w*|limit\w*|regles|reglas|regeln|regole|regras|ignor\w*|sans|sin|ohne|senza|sem)\b",
        lang="multi",
    ),
    # --- refusal suppression --------------------------------------------------------------
    _r(
        "refusal.never_refuse",
        0.65,
        "refus declin reject",
        r"\b(?:never|not|don'?t|do not|cannot|can'?t|won'?t|will not|must not|shouldn'?t|should not|"
        r"unable to)\s+(?:ever\s+)?(?:refus(?:e|es|ing)|declin(?:e|es|ing)|reject(?:s|ing)?)\s+(?:to answer|to respond|to comply|a request|"
        r"any (?:request|question|prompt)|requests|questions|anything|to do anything|to help)\b",
    ),
    _r(
        "refusal.no_apology",
        0.45,
        "apolog sorry warnin disclaimer caveat moral ethical",
        r"\b(?:don'?t|do not|never|without|no|must not|will not|won'?t)\s+(?:ever\s+)?"
        r"(?:apologi[sz]e|say (?:you'?re|you are|i'?m|i am) sorry|say sorry|(?:include|add|give|"
        r"provide|use|write|put)\s+(?:any\s+)?(?:warnings?|disclaimers?|caveats|moral(?:i[sz]ing)?|"
        r"ethical (?:notes|warnings|considerations)))\b",
    ),
    _r(
        "refusal.cant_say",
        0.7,
        "sorry apolog cannot can't cant unable able won't ai",
        r"\b(?:never|don'?t|do not|will not|won'?t|must not|avoid|not)\s+(?:ever\s+)?(?:say|mention|use|"
        r"saying|reply with|respond with|start with|include)\s+(?:that\s+|the (?:words?|phrases?)\s+)?['\"]?"
        r"(?:as an ai|i'?m sorry|i cannot|i can'?t|i apologi[sz]e|i am unable|i'?m unable|"
        r"you (?:can'?t|cannot|are not able|aren'?t able|are unable|won'?t))",
    ),
    _r(
        "refusal.bypass_safety",
        0.6,
        "guidelines policy policies filters restrictions safeguards guardrails ethics morals principles programming limitations censorship safety",
        r"\b(?:ignore|disregard|bypass|override|disable|turn off|circumvent|evade|get around|remove|"
        r"deactivate|forget|abandon)\s+(?:all\s+|any\s+|of\s+)?(?:your|its|the model'?s|openai'?s)\s+"
        r"(?:\w+\s+)?(?:guidelines|polic(?:y|ies)|filters?|restrictions|safeguards|guardrails|ethics|"
        r"morals|principles|programming|limitations|censorship|safety)\b",
        need="ignor disregard bypass overri disabl turn circumvent evade get remov deacti forget abandon",
    ),
    # --- system prompt and secret extraction ---------------------------------------------
    _r(
        "extract.system_prompt",
        0.8,
        "system prompt instructions configuration directives preprompt preamble setup opening",
        r"\b(?:show|reveal|print|display|output|repeat|dump|leak|disclose|expose|share|tell|give|send|paste|"
        r"quote|recite|spell|list|return|echo|copy|provide|write out|read|encode|translate|summari[sz]e|"
        r"what(?:'s| is| are| was| were))\b[^.!?\n]{0,40}?\b(?:(?:your|ur)\s+(?:\w+\s+)?"
        r"(?:(?:initial|original|hidden|secret|internal|starting|first|pre-?|full|exact|setup|opening)\s+"
        r"(?:prompt|instructions|configuration|directives|message|text|guidance)|system\s*\w+|pre-?prompt|prompt)|"
        r"(?:the|its)\s+(?:\w+\s+)?(?:system\s*(?:prompt|message|instructions?|configuration|config)|"
        r"(?:hidden|secret|internal|pre-?)\s*(?:prompt|preamble)|system_prompt))\b"
        r"|\bsystem_?prompt\b\s*[\)\]]|<\s*system_prompt\s*>",
        need="paste quote show reveal print display output repeat dump leak disclose expose share tell give send recite spell list return echo copy provide write read encode translate summarize summarise what what's",
    ),
    _r(
        "extract.your_instructions",
        0.6,
        "instructions rules guidelines directives prompt told instructed configuration context guidance received",
        r"\b(?:show|reveal|print|display|output|repeat|dump|leak|disclose|share|tell me|give me|recite|paste|"
        r"quote|list|return|encode|what (?:are|were))\b[^.!?\n]{0,30}?\byour\s+(?:\w+\s+)?(?:instructions|"
        r"rules|guidelines|directives|prompt|configuration|context(?: window)?)\b|\bwhat (?:were|have) you "
        r"(?:been )?(?:told|instructed)\b|\b(?:instructions|guidance|directions|rules|text|prompt|message)s? "
        r"(?:that )?you (?:received|were given|got|have been given|were told)\b|\b(?:first|last|final)"
        r" (?:\d+ )?(?:lines?|words?|characters?|sentences?|paragraphs?) of (?:your|the) (?:\w+ )?(?:instructions|"
        r"prompt|context|system prompt|configuration)\b|\brules (?:did|have) your (?:creators?|developers?|"
        r"makers?|owners?) (?:give|given)\b",
    ),
    _r(
        "extract.repeat_above",
        0.7,
        "above preceding prior verbatim before",
        r"\b(?:repeat|print|output|return|copy|reproduce|echo|show|display|recite|spell out)\b[^.!?\n]{0,30}?\b(?:text|words|content|everything|all|message|conversation|"
        r"instructions|lines?|prompt|sentences?)\s+(?:above|before this|preceding|prior to)\b|"
        r"\b(?:repeat|print|output|copy|reproduce|echo|recite)\b[^.!?\n]{0,15}?\bthe above\b|"
        r"\b(?:everything|all(?: the)? text) (?:above|before) (?:this|the) (?:line|message|point)\b|"
        r"\b(?:came|comes|was written|appears?) before (?:my|this|the) (?:first )?(?:message|question|prompt)\b|"
        r"\b(?:verbatim|word for word)\b[^.!?\n]{0,40}\b(?:instructions|prompt|conversation|"
        r"context|everything above)\b|\b(?:instructions|prompt|conversation|everything above)"
        r"\b[^.!?\n]{0,40}\b(?:verbatim|word for word)\b",
        subs=("word for word",),
    ),
    _r(
        "extract.forbidden",
        0.6,
        "supposed allowed forbidden told instructed",
        r"\bwhat (?:are|were|is) you (?:not (?:supposed|allowed|permitted) to|told not to|instructed not to|"
        r"forbidden to|hiding)\b|\bwhat (?:can'?t|cannot|mustn'?t) you (?:tell|say|reveal|share)\b",
    ),
    _r(
        "override.listen_to_me",
        0.5,
        "listen obey",
        r"\b(?:don'?t|do not|stop|never) (?:listen(?:ing)?|obey(?:ing)?) to (?:them|him|her|anyone else|"
        r"the (?:system|developer|others|previous|rules))\b|\b(?:only|just) (?:listen to|obey) me\b",
        need="don't dont not stop never only just",
    ),
    _r(
        "extract.completion_bait",
        0.65,
        "prompt instructions instructed told secret password initial",
        r"\b(?:complete|continue|finish)\b[^\n]{0,40}?['\":]\s*(?:the system prompt|my (?:\w+ )?"
        r"(?:prompt|instructions)|i was (?:instructed|told)|the (?:secret|password)|my initial)"
        r"|\b(?:start|begin)\w* (?:your (?:answer|response|reply|output) )?with ['\"]?"
        r"(?:my instructions|my system prompt|you are|i was (?:instructed|told)|the password)",
        subs=("'you are", '"you are'),
        need="complete continue finish start begin starting beginning",
    ),
    _r(
        "extract.secret",
        0.55,
        "password passwort passcode passphrase pwd secret magic api credentials private",
        r"\b(?:what(?:'s| is)|tell me|give(?: me)?|gimme|reveal|share|show(?: me)?|provide(?: me)?|"
        r"spell|say|print|output|send|hand over|disclose|leak|need|want)\b[^.!?\n]{0,20}?"
        r"\b(?:the|your|ur|that|this|you)?\s*(?:secret\s+|magic\s+|hidden\s+)?(?:password|passwort|"
        r"passcode|passphrase|pass word|pwd|secret (?:key|word|code)|magic word|api key|access key|"
        r"private key|credentials)\b(?!\s*(?:policy|policies|manager|reset|field|hash|requirements?|"
        r"strength|generator|rules|security|protection|hygiene|for (?:my|the) (?:wifi|account)))",
        indirect=0.35,  # a question about a password inside a ticket or log is data
    ),
    _r(
        "extract.secret_encoded",
        0.6,
        "password passcode secret magic",
        r"\b(?:password|passcode|secret(?: word| key)?|magic word|key)\b[^.!?\n]{0,40}?\b(?:backwards|"
        r"in reverse|reversed|letter by letter|each (?:letter|character)|character by character|"
        r"with (?:spaces|dashes|hyphens)|in (?:base64|hex|binary|morse|ascii|nato|rot13|pig latin|"
        r"another language|french|german|spanish))\b|\b(?:spell|encode|encrypt|reverse|scramble|"
        r"hint|letters? of|characters? of|rhymes? with|acrostic)\b[^.!?\n]{0,30}?\b(?:the|your|ur)\s+"
        r"(?:password|passcode|magic word|secret word|secret)\b",
    ),
    _r(
        "extract.multilingual",
        0.75,
        "prompt configuration configuracion konfiguration configurazione configuracao instructions instrucciones istruzioni instrucoes anweisungen systemanweisung system consignes passe passwort kennwort contrasena senha parola mensaje message messaggio mensagem",
        r"\b(?:montre|affiche|revele|donne|dis|ecris|repete|imprime|muestra|revela|dime|dame|imprime|"
        r"repite|escribe|ensena|zeig|gib|nenn|verrat|sag|wiederhol|schreib|druck|mostra|rivela|dimmi|"
        r"dammi|stampa|ripeti|scrivi|mostre|revele|diga|imprima|repita|escreva|quel(?:le)? est|cual es|"
        r"was ist|qual e)\w*\b[^.!?\n]{0,30}?\b(?:prompt (?:systeme|du systeme|del sistema|de sistema|"
        r"di sistema|do sistema|inicial|iniziale|initial)|system-?prompt|systemanweisung\w*|"
        r"instructions (?:initiales|systeme|d'origine)|instrucciones (?:iniciales|del sistema|originales)|"
        r"istruzioni (?:iniziali|di sistema|originali)|instrucoes (?:iniciais|do sistema|originais)|"
        r"(?:deine|ihre|die)\s+(?:\w+\s+)?anweisungen|(?:ta|votre|tes|vos|tu|tus|su|sus|deine|dein|ihre|tua|tue|"
        r"sua|suas|teu|tuas) (?:configuration|configuracion|konfiguration|configurazione|configuracao|"
        r"consignes|instructions)|message systeme|mensaje del sistema|"
        r"messaggio di sistema|mensagem do sistema|mot de passe|passwort|kennwort|contrasena|senha|"
        r"parola d'ordine)\b",
        lang="multi",
        need="montre affiche revele donne dis ecris repete imprime muestra muestrame revela dime dame repite escribe ensename zeig zeige gib nenn nenne verrat sag sage wiederhole schreib schreibe druck mostra mostrami rivela dimmi dammi stampa ripeti scrivi mostre revele diga imprima repita escreva quel quelle cual qual",
    ),
    _r(
        "extract.multilingual_repeat",
        0.7,
        "repete repetez repite repita wiederhole ripeti ripetere",
        r"\b(?:repete|repetez|repeter|repite|repita|repetir|wiederhole|wiederholen|ripeti|ripetere)\w*\b"
        r"[^.!?\n]{0,40}?\b(?:texte|texto|text|testo|mensaje|message|nachricht|messaggio|mensagem)\b"
        r"[^.!?\n]{0,40}?(?:au-dessus|ci-dessus|precedent|anterior|arriba|uber|oben|vorher|precede|sopra|acima)",
        lang="multi",
    ),
    _r(
        "hijack.multilingual_as_if",
        0.65,
        "comme tuvieras als come como",
        r"\bcomme si tu n'avais (?:aucune |pas de )?(?:regles?|restrictions?|limites?|filtres?)\b"
        r"|\bcomo si no tuvieras (?:ninguna |ningun )?(?:reglas?|restricci\w*|limites?|filtros?)\b"
        r"|\bals (?:hattest|haettest) du keine (?:regeln|einschr\w*|beschr\w*|grenzen|filter)\b"
        r"|\bcome se non avessi (?:alcuna |nessuna )?(?:regol\w*|restrizion\w*|limit\w*|filtr\w*)\b"
        r"|\bcomo se (?:voce )?nao tivesse (?:nenhuma )?(?:regras?|restric\w*|limites?|filtros?)\b",
        need="avais tuvieras hattest haettest avessi tivesse",
        lang="multi",
    ),
    # --- chat-template tokens and fake turns ---------------------------------------------
    _r(
        "template.chat_tokens",
        0.8,
        "inst",
        r"<\|(?:im_start|im_end|im_sep|system|user|assistant|endoftext|end|eot_id|start_header_id|"
        r"end_header_id|begin_of_text|eom_id|fim_\w+)\|>|\[/?inst\]|<</?sys>>|<(?:start|end)_of_turn>",
        subs=("<|", "[inst]", "[/inst]", "<<sys>>", "<</sys>>", "<start_of_turn>", "<end_of_turn>"),
    ),
    _r(
        "template.fake_turn",
        0.4,
        "",
        r"(?:^|\n)\s*(?:#{2,}\s*)?(?:system|assistant|ai|chatgpt|developer|admin|root)\s*"
        r"(?:message|note|notice|override|alert|update|instruction|prompt)?\s*:\s*(?:you|your|the user|user|"
        r"ignore|disregard|forget|from now|new|always|never|do not|don'?t|please|reveal|print|output|respond|"
        r"answer|i will|i'll|sure|ok|okay|certainly|as dan|grant|comply|override)\b"
        r"|#{2,}\s*(?:system|instruction|response)\s*:"
        r"|\[(?:system|admin|administrator|developer)(?:\s+(?:message|note|override|instruction))?\s*[\]:]|<\s*/?\s*system\s*>",
        indirect=0.45,
        subs=(
            "# instruction",
            "# system",
            "# response",
            "#instruction",
            "#system",
            "\nsystem",
            "\nassistant",
            "\nai",
            "\nchatgpt",
            "\ndeveloper",
            "\nadmin",
            "\nroot",
            "\n#",
            "\nhuman",
            "[system",
            "[admin",
            "[developer",
            "<system",
            "< system",
            "</system",
        ),
    ),
    _r(
        "template.transcript",
        0.3,
        "",
        r"(?:^|\n)\s*(?:human|user)\s*:.{0,400}\n\s*(?:assistant|ai|chatgpt|gpt)\s*:",
        subs=("\nhuman", "\nuser:", "\nuser :"),
    ),
    _r(
        "template.end_of_context",
        0.6,
        "end",
        r"\bend of (?:the )?(?:system prompt|prompt|instructions|document|context|conversation|input|"
        r"user input|text|email|data)\b[^\n]{0,10}\W+\b(?:new|now|the real|actual|next|begin|start|"
        r"ignore|you|instructions?|system|assistant)\b"
        r"|</\s*(?:document|context|data|input|email|user|text|page)\s*>\s*<\s*/?\s*(?:system|instructions?|assistant)\s*>",
        subs=("</",),
    ),
    # --- exfiltration --------------------------------------------------------------------
    _r(
        "exfil.markdown_image",
        0.8,
        "image",
        r"!\[[^\]]{0,60}\]\(\s*(?:https?:)?//[^\s)]{1,200}[?&][\w.-]+=(?:\{|\[|<|\$|%7b|"
        r"[^\s)&]*(?:data|secret|history|conversation|password|token|key|info|summary|chat|message|"
        r"user|prompt|email|q=))",
        subs=("![",),
    ),
    _r(
        "exfil.send_to",
        0.45,
        "server url endpoint webhook www",
        r"\b(?:send|forward|post|upload|e-?mail|mail|transmit|submit|exfiltrate|leak|copy|share|bcc)\w*"
        r"\b[^.!?\n]{0,60}?\b(?:conversation|chat history|chat log|previous messages|all messages|"
        r"system prompt|password|passwords|api keys?|credentials|secrets?|tokens?|cookies|session)\b"
        r"[^.!?\n]{0,60}?\b(?:to|at|into|on|via)\s+(?:https?://|www\.|[\w.+-]+@[\w-]+\.[\w.]+|"
        r"(?:my|this|that|the following|our) (?:server|url|address|endpoint|webhook|email|link|website))",
        indirect=0.9,
        subs=("://", "@"),
    ),
    _r(
        "exfil.send_data",
        0.35,
        "server url endpoint webhook www",
        r"\b(?:send|forward|post|upload|e-?mail|mail|transmit|submit|exfiltrate|leak|copy|share|bcc)\w*"
        r"\b[^.!?\n]{0,60}?\b(?:messages|user data|personal (?:data|information)|private (?:data|information)|"
        r"emails|contacts|files|documents|inbox|calendar)\b[^.!?\n]{0,60}?\b(?:to|at|into|on|via)\s+"
        r"(?:https?://|www\.|[\w.+-]+@[\w-]+\.[\w.]+|(?:my|this|that|the following|our) (?:server|url|"
        r"address|endpoint|webhook|website))",
        indirect=0.85,
        subs=("://", "@"),
    ),
    _r(
        "exfil.append_to_url",
        0.6,
        "url link query parame",
        r"\b(?:append|add|include|encode|put|insert|attach)\w*\b[^.!?\n]{0,50}?\b(?:conversation|history|"
        r"password|secret|data|messages|prompt|answer|response|summary|credentials|tokens?|phone(?: number)?|"
        r"email(?: address)?|address|location|details|information)\b"
        r"[^.!?\n]{0,40}?\b(?:to|in|into|as)\s+(?:the|this|a|an)\s+(?:url|link|query|parameter|"
        r"image (?:url|link)|request)\b",
        indirect=0.8,
    ),
    # --- indirect injection: text that addresses the model --------------------------------
    _r(
        "indirect.addressed_to_ai",
        0.4,
        "ai llm llms assistant chatbot chatgpt language model gpt claude copilot gemini bot agent",
        r"\b(?:note|message|instructions?|attention|important|notice|hey|hi|dear|hello)\s+(?:to|for)?\s*"
        r"(?:the\s+|any\s+|all\s+)?(?:ai|llm|assistant|chatbot|language model|gpt|chatgpt|claude|copilot|"
        r"gemini|bot|ai assistant|ai agent|agent|model)s?\b\s*[:,!-]"
        r"|\b(?:if|when) you are an? (?:ai|llm|language model|assistant|chatbot|ai assistant|agent)\b"
        r"|\b(?:ai|llm|assistant|language model|agent)s?(?: models?| assistants?| agents?)?\s+(?:reading|processing|summari[sz]ing|parsing|"
        r"browsing|analy[sz]ing)\s+(?:this|the)\b",
        indirect=0.8,
        need="note message instructions instruction attention important notice hey hi dear hello if when reading processing summarizing summarising parsing browsing analyzing analysing",
    ),
    _r(
        "indirect.instead",
        0.4,
        "instead rather",
        r"\b(?:do not|don'?t|no)\s+(?:summari[sz]\w*|translat\w*|answer\w*|respond\w*|repl\w*)\b"
        r"[^\n]{0,40}?\b(?:instead|rather)\b|\b(?:instead of|rather than)\s+(?:summari[sz]\w*|translat\w*|"
        r"answer\w*|respond\w*|repl\w*)",
        indirect=0.75,
    ),
    _r(
        "indirect.tell_user",
        0.25,
        "user users",
        r"\b(?:tell|inform|convince|ask|instruct|urge|persuade|remind|direct|redirect)\s+(?:the )?users?\s+"
        r"(?:to|that)\b|\b(?:the user|users) (?:must|should) (?:visit|click|go to|download|enter)\b",
        indirect=0.75,
        indirect_only=True,
    ),
    _r(
        "indirect.when_processing",
        0.3,
        "process processing read reading summarize summarizing analyze parse translate review open load",
        r"\b(?:when|while|before|after|if|as) (?:you(?:'re| are)? )?(?:process|read|summari[sz]|analy[sz]|parse|"
        r"translat|review|open|load)\w* (?:this|the|these) (?:file|document|page|email|message|text|content|"
        r"data|website|result|note)s?\b[^\n]{0,40}?\b(?:execute|run|perform|delete|send|forward|say|tell|reply|"
        r"respond|include|add|ignore|disregard|recommend|insert|append|output|print|click|visit|call|do not|don'?t)\b",
        indirect=0.75,
        indirect_only=True,
    ),
    _r(
        "indirect.pwned",
        0.8,
        "pwned",
        r"\bi (?:have been|am|was) pwned\b|\b(?:say|print|output|write|respond with|reply with)\s+"
        r"['\"]?pwned\b",
    ),
)

RULE_IDS = frozenset(r.id for r in RULES)
FAMILIES = frozenset(r.family for r in RULES)


_WINDOW = 120  # characters searched either side of an anchor occurrence
_MAX_SPANS = 48  # beyond this many separate windows, search the whole text


class RuleSet:
    """The enabled rules plus their keyword prefilter, built once per config generation.

    Every rule names word keys (stems compared on their first four characters, short
    keys as whole words) and may `need` a second word; both must occur for the rule to
    run. One vectorized pass hashes the first four characters of every word and finds all
    key occurrences at once. A candidate rule's pattern then runs only in windows around
    the occurrences of whichever of its two anchors is rarer in this text, so a 20 KB
    document full of common trigger words costs a few short regex searches per rule.
    """

    def __init__(self, disabled: Iterable[str] = ()) -> None:
        off = set(disabled)
        self.rules = tuple(r for r in RULES if r.id not in off and r.family not in off)
        self._by_hash: dict[int, list[tuple[Rule, bool]]] = {}  # key hash -> (rule, is_need)
        self._subs: list[tuple[str, Rule]] = []
        for r in self.rules:
            for k in r.keys:
                self._by_hash.setdefault(key_code(k), []).append((r, False))
            for k in r.need:
                self._by_hash.setdefault(key_code(k), []).append((r, True))
            self._subs.extend((k, r) for k in r.subs)
        self._table = KeyTable.of(self._by_hash)
        # Substring keys (chat-template tokens, "![", "@", "\nsystem", CJK phrases) are
        # one literal alternation, scanned once.
        self._sym: dict[str, list[Rule]] = {}
        self._finds: list[tuple[str, Rule]] = []
        for k, r in self._subs:
            if k[0].isascii() and (k[0].isalnum() or k[0] in "'\""):
                self._finds.append((k, r))  # starts like ordinary text: str.find is cheaper
            else:
                self._sym.setdefault(k, []).append(r)
        alternatives = sorted(self._sym, key=len, reverse=True)
        self._sym_re = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None
        self._sym_starts = tuple(k[1:] for k in self._sym if k[0] == "\n")

    def candidates(
        self, folded: str, index: WordIndex | None = None
    ) -> dict[Rule, tuple[list[int], list[int]]]:
        """Rules whose keys (and needed words) occur, with the offsets of both anchors."""
        ps, hs = (index or word_index(folded)).hits(self._table)
        anchors: dict[Rule, tuple[list[int], list[int]]] = {}
        if len(hs):
            # group the hit offsets by key code without a Python loop over the hits
            order = np.argsort(hs, kind="stable")
            hs = hs[order]
            offsets = ps[order].tolist()
            cuts = (np.flatnonzero(hs[1:] != hs[:-1]) + 1).tolist()
            keys = hs[[0, *cuts]].tolist()
            for key, a, b in zip(keys, [0, *cuts], [*cuts, len(offsets)], strict=True):
                for r, is_need in self._by_hash[key]:
                    anchors.setdefault(r, ([], []))[is_need].extend(offsets[a:b])
        if self._sym_re is not None:
            if self._sym_starts and folded.startswith(self._sym_starts):  # "\nsystem" at offset 0
                for k, rules in self._sym.items():
                    if k[0] == "\n" and folded.startswith(k[1:]):
                        for r in rules:
                            anchors.setdefault(r, ([], []))[0].append(0)
            for m in self._sym_re.finditer(folded):
                for r in self._sym[m.group()]:
                    a = anchors.setdefault(r, ([], []))[0]
                    if len(a) <= _MAX_SPANS:
                        a.append(m.start())
        for k, r in self._finds:
            p = folded.find(k)
            while p >= 0 and len(anchors.setdefault(r, ([], []))[0]) <= _MAX_SPANS:
                anchors[r][0].append(p)
                p = folded.find(k, p + 1)
        return {r: a for r, a in anchors.items() if a[0] and (a[1] or not r.need)}

    def match(
        self, folded: str, index: WordIndex | None = None, *, indirect: bool = False, saturate: float = 1.0
    ) -> list[Rule]:
        """Rules whose pattern matches the folded text (each at most once).

        Stronger rules run first; once the combined weight reaches `saturate`, the rest
        are skipped (the verdict cannot change, only the list of ids would grow).
        """
        cands = self.candidates(folded, index)
        hits: list[Rule] = []
        miss = 1.0
        for r in sorted(cands, key=lambda r: -r.weight_for(indirect)):
            if r.indirect_only and not indirect:
                continue
            if _matches(r, folded, *cands[r]):
                hits.append(r)
                miss *= 1.0 - r.weight_for(indirect)
                if 1.0 - miss >= saturate:
                    break
        return hits


def _spans(keys: list[int], need: list[int]) -> list[tuple[int, int]] | None:
    """Merged windows around the rarer anchor's occurrences (None: search everything)."""
    spots = sorted(need if need and len(need) < len(keys) else keys)
    out: list[tuple[int, int]] = []
    for p in spots:
        lo, hi = max(0, p - _WINDOW), p + _WINDOW
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
            if len(out) > _MAX_SPANS:
                return None
    return out


def _matches(rule: Rule, text: str, keys: list[int] | None = None, need: list[int] | None = None) -> bool:
    spans = _spans(keys, need or []) if keys and len(text) > 3 * _WINDOW else None
    for lo, hi in spans if spans is not None else ((0, len(text)),):
        m = rule.pattern.search(text, lo, hi)
        while m is not None:
            if not rule.negatable or not _NEGATION_RE.search(text, max(0, m.start() - 7), m.start()):
                return True
            m = rule.pattern.search(text, m.start() + 1, hi)
    return False


def validate_rule_ids(ids: Iterable[str]) -> list[str]:
    """Names in `ids` that are neither a rule id nor a family (for config validation)."""
    return [i for i in ids if i not in RULE_IDS and i not in FAMILIES]
