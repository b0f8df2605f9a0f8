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

package dev.reuseport.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.fail;

/**
 * A real {@code redis-server} on a free loopback port, started before the tests of a
 * class and killed, by its own PID, after them. Tests can stop and start it again on the
 * same port to cut the link. The server is the one on the {@code PATH} when there is one
 * (CI installs Debian's), otherwise the static Redis 7.0 build for this machine that the
 * test dependency {@code org.signal:embedded-redis} carries in its jar, copied once into
 * a temporary file: a machine with only a JDK runs these tests too, and they never skip.
 *
 * @author reuseport team
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * The Redis version that {@code org.signal:embedded-redis} carries.
	 */
	private static final String EMBEDDED_VERSION = "7.0.15";

	private static @Nullable String executable;

	private final int port;

	private final List<String> arguments;

	private Process process;

	private @Nullable Thread reaper;

	/**
	 * Create a server with Redis's defaults, without persistence.
	 * @param arguments more arguments, such as {@code --maxmemory 2mb}
	 */
	public RedisServer(String... arguments) {
		this.port = freePort();
		this.arguments = List.of(arguments);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop();
	}

	/**
	 * Start the server on its port and wait until it answers {@code PING}.
	 */
	public synchronized void start() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		String executable = executable();
		try {
			Path log = Files.createTempFile("redis-" + this.port + "-", ".log");
			log.toFile().deleteOnExit();
			List<String> command = new ArrayList<>(List.of(executable, "--port", Integer.toString(this.port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--logfile", ""));
			command.addAll(this.arguments);
			Process started = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			this.process = started;
			// a test JVM that exits without afterAll (interrupted, System.exit) kills it
			// too
			this.reaper = new Thread(started::destroyForcibly, "redis-server-reaper-" + this.port);
			Runtime.getRuntime().addShutdownHook(this.reaper);
			long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
			while (!answers()) {
				if (!this.process.isAlive() || System.nanoTime() > deadline) {
					fail("redis-server did not start on port " + this.port + ": " + Files.readString(log));
				}
				Thread.sleep(20);
			}
		}
		catch (IOException ex) {
			fail("Could not start redis-server", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			fail("Interrupted while starting redis-server");
		}
	}

	/**
	 * Kill the server, as an outage would, and wait until it is gone.
	 */
	public synchronized void stop() {
		Process running = this.process;
		this.process = null;
		if (running == null) {
			return;
		}
		running.destroyForcibly();
		Thread reaper = this.reaper;
		this.reaper = null;
		if (reaper != null) {
			try {
				Runtime.getRuntime().removeShutdownHook(reaper);
			}
			catch (IllegalStateException ex) {
				// the JVM is exiting: the hook runs anyway
			}
		}
		try {
			if (!running.waitFor(10, TimeUnit.SECONDS)) {
				fail("redis-server (pid " + running.pid() + ") did not stop");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Freeze the server (SIGSTOP): it keeps its connections and data but answers nothing,
	 * as a Redis stuck in a long command or a paused VM does.
	 */
	public synchronized void suspend() {
		signal("STOP");
	}

	/**
	 * Let a frozen server go on (SIGCONT).
	 */
	public synchronized void resume() {
		signal("CONT");
	}

	private void signal(String signal) {
		Process running = this.process;
		if (running == null) {
			fail("redis-server is not running");
		}
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(running.pid())).start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				fail("kill -" + signal + " " + running.pid() + " failed");
			}
		}
		catch (IOException ex) {
			fail("kill -" + signal + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * Return whether the server answers {@code PING}.
	 * @return whether it answers
	 */
	public boolean answers() {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = new byte[7];
			int read = in.readNBytes(reply, 0, reply.length);
			return new String(reply, 0, read, StandardCharsets.US_ASCII).equals("+PONG\r\n");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Return the {@code redis-server} to run: the one on the {@code PATH}, else the one
	 * the test class path carries for this machine.
	 * @return the path of the executable
	 */
	public static synchronized String executable() {
		if (executable == null) {
			String onPath = onPath();
			executable = (onPath != null) ? onPath : fromClassPath();
		}
		return executable;
	}

	private static @Nullable String onPath() {
		String path = System.getenv("PATH");
		if (path != null) {
			for (String directory : path.split(File.pathSeparator)) {
				File candidate = new File(directory, "redis-server");
				if (candidate.isFile() && candidate.canExecute()) {
					return candidate.getAbsolutePath();
				}
			}
		}
		return null;
	}

	private static String fromClassPath() {
		String resource = "redis-server-" + EMBEDDED_VERSION + "-" + platform();
		try (InputStream binary = RedisServer.class.getClassLoader().getResourceAsStream(resource)) {
			if (binary == null) {
				return fail("No redis-server on the PATH and none in the test class path for this machine (" + resource
						+ " from org.signal:embedded-redis): install redis-server (Debian: apt-get install "
						+ "redis-server, macOS: brew install redis)");
			}
			Path file = Files.createTempFile("redis-server-" + EMBEDDED_VERSION + "-", "");
			file.toFile().deleteOnExit();
			Files.copy(binary, file, StandardCopyOption.REPLACE_EXISTING);
			if (!file.toFile().setExecutable(true, true)) {
				return fail("Could not make " + file + " executable");
			}
			return file.toString();
		}
		catch (IOException ex) {
			return fail("Could not copy " + resource + " out of the test class path", ex);
		}
	}

	private static String platform() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		String system = os.contains("mac") ? "darwin" : os.contains("linux") ? "linux" : os.replace(' ', '-');
		String machine = switch (arch) {
			case "amd64", "x86_64" -> "amd64";
			case "aarch64", "arm64" -> "arm64";
			case "x86", "i386", "i686" -> "386";
			default -> arch;
		};
		return system + "-" + machine;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
