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

/**
 * Thrown when {@code reuseport.transport} names a native transport that cannot be loaded
 * on this machine.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class TransportUnavailableException extends RuntimeException {

	private final ReusePortTransport transport;

	/**
	 * Create a new instance.
	 * @param transport the requested transport
	 * @param cause why it is not available
	 */
	public TransportUnavailableException(ReusePortTransport transport, Throwable cause) {
		super("Transport '" + transport.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
				+ "' is not available: " + cause, cause);
		this.transport = transport;
	}

	/**
	 * Return the transport that was requested.
	 * @return the transport
	 */
	public ReusePortTransport getTransport() {
		return this.transport;
	}

}
