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

package dev.reuseport.server.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads Linux's TCP tables ({@code /proc/net/tcp} and {@code /proc/net/tcp6}) to count
 * the listening sockets on a port, and which of them this process owns. Elsewhere both
 * counts are zero and {@link #isKnown()} is {@code false}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class PortListeners {

	private static final String LISTEN = "0A";

	private final Set<String> listeners;

	private final Set<String> owned;

	private PortListeners(Set<String> listeners, Set<String> owned) {
		this.listeners = listeners;
		this.owned = owned;
	}

	/**
	 * Read the listeners on a port.
	 * @param port the port
	 * @return the listeners
	 */
	public static PortListeners forPort(int port) {
		Set<String> inodes = new HashSet<>();
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			inodes.addAll(listenerInodes(Path.of(table), port));
		}
		Set<String> owned = new HashSet<>(inodes);
		owned.retainAll(socketInodesOfThisProcess());
		return new PortListeners(inodes, owned);
	}

	/**
	 * Return whether the kernel's tables could be read (Linux).
	 * @return whether the counts mean something
	 */
	public static boolean isKnown() {
		return Files.isReadable(Path.of("/proc/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd"));
	}

	/**
	 * Return the number of listening sockets on the port.
	 * @return the listeners
	 */
	public int total() {
		return this.listeners.size();
	}

	/**
	 * Return the number of listening sockets on the port that this process owns.
	 * @return the listeners of this process
	 */
	public int ownedByThisProcess() {
		return this.owned.size();
	}

	/**
	 * Return the number of listening sockets on the port that belong to other processes.
	 * @return the foreign listeners
	 */
	public int foreign() {
		return this.listeners.size() - this.owned.size();
	}

	private static Set<String> listenerInodes(Path table, int port) {
		Set<String> inodes = new HashSet<>();
		if (!Files.isReadable(table)) {
			return inodes;
		}
		try (Stream<String> lines = Files.lines(table)) {
			lines.skip(1).map(String::trim).map((line) -> line.split("\\s+")).forEach((fields) -> {
				String local = fields[1];
				int localPort = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
				if (localPort == port && LISTEN.equals(fields[3].toUpperCase(Locale.ROOT))) {
					inodes.add(fields[9]);
				}
			});
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return inodes;
	}

	private static Set<String> socketInodesOfThisProcess() {
		Set<String> inodes = new HashSet<>();
		Path fdDirectory = Path.of("/proc/self/fd");
		if (!Files.isDirectory(fdDirectory)) {
			return inodes;
		}
		try (Stream<Path> fds = Files.list(fdDirectory)) {
			fds.forEach((fd) -> {
				try {
					String target = Files.readSymbolicLink(fd).toString();
					if (target.startsWith("socket:[")) {
						inodes.add(target.substring(8, target.length() - 1));
					}
				}
				catch (IOException ex) {
					// the descriptor was closed meanwhile
				}
			});
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return inodes;
	}

}
