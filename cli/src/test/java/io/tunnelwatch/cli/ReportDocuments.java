package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The report read as a document: it is written well-formed (XML rules), so a strict parser proves its structure. */
final class ReportDocuments {
    /** Any URL scheme that would reach out of the file; the only one allowed is the SVG namespace name. */
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|ftp|wss?)://[^\"'\\s<>)]*|//[a-z0-9.-]+\\.[a-z]{2,}/|\\burl\\(|@import|\\bsrc\\s*=");
    private static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";

    private ReportDocuments() {}

    static Document parse(String html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // The report's doctype has no DTD: nothing to load, and nothing may be.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
    }

    static NodeList nodes(Document document, String xpath) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET);
    }

    static void assertNoExternalReference(String html) {
        Matcher matcher = URL.matcher(html.replace("xmlns=\"" + SVG_NAMESPACE + "\"", ""));
        String found = matcher.find() ? matcher.group() : null;
        assertThat(found).as("external reference in the report").isNull();
        assertThat(html).doesNotContain("<link").doesNotContain("<img").doesNotContain("<iframe").doesNotContain("<script");
    }
}
