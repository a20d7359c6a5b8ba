package dev.lmkit.agreement;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class AgreementGrammarTest {
    private final AgreementGrammar grammar = AgreementGrammar.load(AgreementGrammar.DEFAULT);

    @Test
    void mainVerbAgreesWithTheSubjectAndAttractorsAreCounted() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 500; i++) {
            AgreementGrammar.Sentence s = grammar.sentence(r);
            String verb = s.words().get(s.verb());
            List<String> pair = pairOf(verb);
            assertEquals(s.pluralSubject() ? pair.get(1) : pair.get(0), verb, s.text());
            assertEquals(s.pluralSubject() ? pair.get(0) : pair.get(1), s.wrongVerb(), s.text());
            long otherNumber = s.prefix().stream().skip(2).filter(w -> isNoun(w, !s.pluralSubject())).count();
            assertEquals(otherNumber, s.attractors(), s.text());
        }
    }

    @Test
    void testSentencesHaveExactlyTheAskedAttractorCount() {
        for (int k = 0; k <= 2; k++) {
            List<AgreementGrammar.Sentence> items = grammar.testSentences(k, 50, 1);
            assertEquals(50, items.size());
            for (var s : items) assertEquals(k, s.attractors());
        }
        assertEquals(grammar.testSentences(2, 10, 9), grammar.testSentences(2, 10, 9)); // seeded
    }

    private List<String> pairOf(String verb) {
        if (grammar.copula().contains(verb)) return grammar.copula();
        return java.util.stream.Stream.concat(grammar.transitive().stream(), grammar.intransitive().stream())
                .filter(p -> p.contains(verb)).findFirst().orElseThrow();
    }

    private boolean isNoun(String word, boolean plural) {
        return grammar.nouns().stream().anyMatch(p -> p.get(plural ? 1 : 0).equals(word));
    }
}
