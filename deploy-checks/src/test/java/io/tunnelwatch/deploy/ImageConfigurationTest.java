package io.tunnelwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The images profile (Jib) puts the job jar and the agent's main class where the chart and the
 * compose file look for them. The profile itself needs a registry for its real base images; this
 * reads its configuration (deploy/verify-images-offline.sh builds it on a stand-in base).
 */
class ImageConfigurationTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void jobJarIsBuiltAndPackedWhereTheFlinkDeploymentLoadsIt() throws Exception {
        Document pom = read(ROOT.resolve("flink-job/pom.xml"));
        String shadedJar = text(pom, "//plugin[artifactId='maven-shade-plugin']//execution[id='job-jar']/configuration/outputFile");
        String jibFrom = text(pom, "//profile[id='images']//plugin[artifactId='jib-maven-plugin']//extraDirectories/paths/path/from");
        String jibInto = text(pom, "//profile[id='images']//plugin[artifactId='jib-maven-plugin']//extraDirectories/paths/path/into");
        String jarFile = Path.of(shadedJar.replace("${project.build.directory}", "target")).getFileName().toString();

        assertThat(shadedJar).startsWith(jibFrom + "/");
        String jarURI = RenderedChart.render(Map.of()).only("FlinkDeployment").at("/spec/job/jarURI").asText();
        assertThat(jarURI).isEqualTo("local://" + jibInto + "/" + jarFile);
        assertThat(text(pom, "//profile[id='images']/properties/job.base.image"))
                .startsWith("flink:2.2");
    }

    @Test
    void agentImageRunsTheAgentCommandLine() throws Exception {
        Document pom = read(ROOT.resolve("capture-agent/pom.xml"));
        String mainClass = text(pom, "//profile[id='images']//plugin[artifactId='jib-maven-plugin']//container/mainClass");

        HelmChartTest.assertIsRunnableMainClass(mainClass);
        assertThat(mainClass).isEqualTo(io.tunnelwatch.agent.cli.AgentCli.class.getName());
        assertThat(text(pom, "//profile[id='images']/properties/agent.base.image")).isNotBlank();
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static String text(Document document, String xpath) throws Exception {
        String value = ((String) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.STRING)).strip();
        assertThat(value).as(xpath).isNotEmpty();
        return value;
    }
}
