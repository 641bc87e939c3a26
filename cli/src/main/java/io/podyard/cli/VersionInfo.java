package io.podyard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The build's version, read from the properties Maven writes at build time. */
final class VersionInfo implements CommandLine.IVersionProvider {

    static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }

    static String[] lines() {
        return new String[] {
            "Podyard v" + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")",
            "Platform " + System.getProperty("os.name").toLowerCase() + "/" + System.getProperty("os.arch"),
        };
    }

    @Override
    public String[] getVersion() {
        return lines();
    }
}
