package dev.lmkit.agreement.mine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Hand-parsed sentences (UD basic dependencies, 0-based indices) and the items a miner must find in them. */
class AgreementItemsTest {
    /** "The/DT/the keys/NNS/key ..." and "nsubj 5 1, cop 5 4": relation governor dependent. */
    static ParsedSentence parse(String tagged, String edges) {
        List<ParsedSentence.Token> tokens = new ArrayList<>();
        for (String t : tagged.split(" ")) {
            String[] p = t.split("/");
            tokens.add(new ParsedSentence.Token(p[0], p[1], p[2]));
        }
        List<ParsedSentence.Edge> list = new ArrayList<>();
        for (String e : edges.split(",\\s*")) {
            String[] p = e.trim().split(" ");
            list.add(new ParsedSentence.Edge(Integer.parseInt(p[1]), Integer.parseInt(p[2]), p[0]));
        }
        return new ParsedSentence(tokens, list);
    }

    @Test
    void aCopulaAgreesThoughTheSubjectHangsOnThePredicate() {
        ParsedSentence s = parse("The/DT/the keys/NNS/key to/IN/to the/DT/the cabinet/NN/cabinet are/VBP/be on/IN/on the/DT/the table/NN/table",
                "det 1 0, nsubj 8 1, case 4 2, det 4 3, nmod 1 4, cop 8 5, case 8 6, det 8 7");
        AgreementItems.Item item = AgreementItems.find(s).items().get(0);
        assertEquals(new AgreementItems.Item(5, "are", "is", "VBP", 1, "nsubj+cop", 1, true), item);
    }

    @Test
    void aLexicalVerbAgreesDirectlyAndSameNumberNounsAreNoAttractors() {
        ParsedSentence s = parse("The/DT/the dog/NN/dog near/IN/near the/DT/the house/NN/house barks/VBZ/bark",
                "det 1 0, nsubj 5 1, case 4 2, det 4 3, nmod 1 4");
        assertEquals(List.of(new AgreementItems.Item(5, "barks", "bark", "VBZ", 1, "nsubj", 0, false)), AgreementItems.find(s).items());
    }

    @Test
    void theFiniteAuxiliaryOfAPassiveIsTheTarget() {
        ParsedSentence s = parse("The/DT/the letters/NNS/letter from/IN/from the/DT/the lawyer/NN/lawyer have/VBP/have been/VBN/be sent/VBN/send",
                "det 1 0, nsubj:pass 7 1, case 4 2, det 4 3, nmod 1 4, aux 7 5, aux:pass 7 6");
        AgreementItems.Item item = AgreementItems.find(s).items().get(0);
        assertEquals(5, item.target());
        assertEquals("has", item.wrong());
        assertEquals("nsubj:pass+aux", item.construction());
        assertEquals(1, item.attractors());
    }

    @Test
    void anObjectRelativeClauseCountsItsNounAndItsOwnVerbIsNotAnItemOfTheMainSubject() {
        // the author that the guards like laughs: the clause's verb "like" agrees with "guards" (its own item)
        ParsedSentence s = parse("the/DT/the author/NN/author that/WDT/that the/DT/the guards/NNS/guard like/VBP/like laughs/VBZ/laugh",
                "det 1 0, nsubj 6 1, obj 5 2, det 4 3, nsubj 5 4, acl:relcl 1 5");
        List<AgreementItems.Item> items = AgreementItems.find(s).items();
        assertEquals(2, items.size());
        assertEquals(new AgreementItems.Item(5, "like", "likes", "VBP", 4, "nsubj", 0, true), items.get(0));
        assertEquals(new AgreementItems.Item(6, "laughs", "laugh", "VBZ", 1, "nsubj", 1, false), items.get(1));
    }

    @Test
    void pronounsCoordinationInversionModalsAndMismatchesAreSkippedAndCounted() {
        Map<String, Integer> skipped = AgreementItems.find(parse("They/PRP/they are/VBP/be happy/JJ/happy",
                "nsubj 2 0, cop 2 1")).skipped();
        assertEquals(Map.of("pronoun subject", 1), skipped);
        skipped = AgreementItems.find(parse("The/DT/the cat/NN/cat and/CC/and the/DT/the dog/NN/dog are/VBP/be here/RB/here",
                "det 1 0, nsubj 6 1, cc 4 2, det 4 3, conj 1 4, cop 6 5")).skipped();
        assertEquals(Map.of("coordinated subject", 1), skipped);
        skipped = AgreementItems.find(parse("Where/WRB/where are/VBP/be the/DT/the keys/NNS/key",
                "advmod 0 1, cop 0 1, nsubj 0 3, det 3 2")).skipped();
        assertEquals(Map.of("subject after the verb", 1), skipped);
        assertTrue(AgreementItems.find(parse("The/DT/the dogs/NNS/dog will/MD/will bark/VB/bark",
                "det 1 0, nsubj 3 1, aux 3 2")).items().isEmpty(), "a modal does not agree");
        skipped = AgreementItems.find(parse("The/DT/the police/NN/police are/VBP/be here/RB/here",
                "det 1 0, nsubj 3 1, cop 3 2")).skipped();
        assertEquals(Map.of("verb and subject differ in number", 1), skipped);
        skipped = AgreementItems.find(parse("The/DT/the <unk>/NN/<unk> has/VBZ/have left/VBN/leave",
                "det 1 0, nsubj 3 1, aux 3 2")).skipped();
        assertEquals(Map.of("subject not a word (<unk>, @-@)", 1), skipped, "WikiText's unknown words have no number to agree with");
        skipped = AgreementItems.find(parse("everything/NN/everything in/IN/in this/DT/this world/NN/world is/VBZ/be poetry/NN/poetry",
                "nsubj 5 0, case 3 1, det 3 2, nmod 0 3, cop 5 4")).skipped();
        assertEquals(Map.of("pronoun subject", 1), skipped, "a pronoun the tagger calls a noun");
        AgreementItems.Item bones = AgreementItems.find(parse("The/DT/the bones/NNS/bone of/IN/of some/DT/some <unk>/NN/<unk> show/VBP/show marks/NNS/mark",
                "det 1 0, nsubj 5 1, case 4 2, det 4 3, nmod 1 4, obj 5 6")).items().get(0);
        assertEquals(0, bones.attractors(), "an <unk> between them is no attractor: its number is unknown");
    }

    @Test
    void theOtherNumberOfRegularAndIrregularVerbs() {
        assertEquals("watches", Inflection.otherNumber("watch", "VBP", "watch"));
        assertEquals("try", Inflection.otherNumber("tries", "VBZ", "try"));
        assertEquals("plays", Inflection.otherNumber("play", "VBP", "play"));
        assertEquals("do", Inflection.otherNumber("does", "VBZ", "do"));
        assertEquals("goes", Inflection.otherNumber("go", "VBP", "go"));
        assertEquals("Were", Inflection.otherNumber("Was", "VBD", "be"));
        assertEquals("have", Inflection.otherNumber("has", "VBZ", "have"));
        assertNull(Inflection.otherNumber("writes", "VBZ", "wrote"), "a lemma the rules cannot inflect back");
        assertNull(Inflection.otherNumber("am", "VBP", "be"));
    }
}
