/**
 * {@code agreement mine}: subject–verb items from any English corpus through CoreNLP's dependency parser, with
 * nonce variants; and the number objective's targets ({@code corpus numbers}).
 */
package dev.lmkit.agreement.mine;
