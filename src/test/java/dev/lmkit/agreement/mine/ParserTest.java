package dev.lmkit.agreement.mine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** CoreNLP's parse of real sentences, through to the items AgreementItems finds in it. */
class ParserTest {
    @Test
    void parsesRawTextIntoItems() {
        Parser parser = new Parser(1, false, System.err);
        List<ParsedSentence> sentences = parser.parse("The keys to the cabinet are on the table.\n"
                + "The author that the guards admire is famous. They are happy.");
        assertEquals(3, sentences.size());
        for (ParsedSentence s : sentences) System.out.println(s.tokens() + " " + s.edges());
        AgreementItems.Item keys = AgreementItems.find(sentences.get(0)).items().get(0);
        assertEquals("are", keys.correct());
        assertEquals("is", keys.wrong());
        assertEquals(1, keys.subject());
        assertEquals(1, keys.attractors());
        List<AgreementItems.Item> relative = AgreementItems.find(sentences.get(1)).items();
        assertEquals(List.of("admire", "is"), relative.stream().map(AgreementItems.Item::correct).toList());
        assertEquals(1, relative.get(1).attractors());
        assertTrue(AgreementItems.find(sentences.get(2)).items().isEmpty());
    }
}
