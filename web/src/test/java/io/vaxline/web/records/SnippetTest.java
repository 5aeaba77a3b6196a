package io.vaxline.web.records;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnippetTest {

    @Test
    void theMatchedWordsAreMarked() {
        assertThat(Snippet.html("the patient has <b>penicillin</b> allergy").getValue())
                .isEqualTo("the patient has <mark>penicillin</mark> allergy");
    }

    @Test
    void theDocumentsOwnTextNeverBecomesMarkup() {
        assertThat(Snippet.html("<script>alert(1)</script> & <b>x</b> \"q\"").getValue())
                .isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>x</mark> &quot;q&quot;");
    }

    @Test
    void anUnclosedMarkIsShownAsText() {
        assertThat(Snippet.html("a <b>b").getValue()).isEqualTo("a &lt;b&gt;b");
        assertThat(Snippet.html(null).getValue()).isEmpty();
    }
}
