/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.reuseport.server;

import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import dev.reuseport.testsupport.StartedServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.web.server.Ssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for SSL bundles with several workers: the server registers one bundle update
 * handler however often workers are replaced, and an updated bundle reaches every worker.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "SO_REUSEPORT balancing between listeners is Linux behaviour")
class SslBundleReloadTests {

	private static final String PASSWORD = "secret";

	@RegisterExtension
	final StartedServers servers = new StartedServers();

	@TempDir
	Path directory;

	@Test
	void updatedBundleReachesEveryWorkerWithOneHandlerAfterRestarts() throws Exception {
		CountingSslBundles bundles = new CountingSslBundles();
		bundles.registerBundle("server", bundle("first"));
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(2);
		factory.setSsl(Ssl.forBundle("server"));
		factory.setSslBundles(bundles);
		ReusePortWebServer server = this.servers.start(factory);
		for (int i = 0; i < 10; i++) {
			server.getWorkerGroup().restartWorker(i % 2, Duration.ofSeconds(5));
		}
		assertThat(bundles.updateHandlers.get()).isOne();
		assertThat(commonNamesByWorker(server.getPort())).containsOnly(Map.entry("reuseport-0r5-epoll-1", "CN=first"),
				Map.entry("reuseport-1r5-epoll-1", "CN=first"));
		bundles.updateBundle("server", bundle("second"));
		assertThat(commonNamesByWorker(server.getPort())).containsOnly(Map.entry("reuseport-0r5-epoll-1", "CN=second"),
				Map.entry("reuseport-1r5-epoll-1", "CN=second"));
	}

	/**
	 * Connect until each of the two workers answered, and return the subject of the
	 * certificate each presented last.
	 */
	private static Map<String, String> commonNamesByWorker(int port) throws Exception {
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { new TrustAll() }, null);
		Map<String, String> names = new HashMap<>();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
				socket.startHandshake();
				X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
				OutputStream out = socket.getOutputStream();
				out.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				InputStream in = socket.getInputStream();
				String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
				String thread = response.substring(response.indexOf("\r\n\r\n") + 4);
				names.put(thread, certificate.getSubjectX500Principal().getName());
			}
			return names.size() == 2;
		});
		return names;
	}

	private SslBundle bundle(String commonName) throws Exception {
		Path keyStore = this.directory.resolve(commonName + ".p12");
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
				"-groupname", "secp256r1", "-dname", "CN=" + commonName, "-validity", "2", "-storetype", "PKCS12",
				"-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = new FileInputStream(keyStore.toFile())) {
			store.load(in, PASSWORD.toCharArray());
		}
		return SslBundle.of(SslStoreBundle.of(store, PASSWORD, null));
	}

	private static final class CountingSslBundles extends DefaultSslBundleRegistry {

		private final AtomicInteger updateHandlers = new AtomicInteger();

		@Override
		public void addBundleUpdateHandler(String name, Consumer<SslBundle> updateHandler) {
			this.updateHandlers.incrementAndGet();
			super.addBundleUpdateHandler(name, updateHandler);
		}

	}

	private static final class TrustAll implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
