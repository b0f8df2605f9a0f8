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

import org.springframework.boot.web.server.WebServerException;

/**
 * Thrown when the port is already held by an {@code SO_REUSEPORT} listener that is not
 * one of this application's workers. Joining its group would silently split the traffic
 * with it, so start-up stops unless {@code reuseport.allow-shared-port} is set.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class ForeignReusePortListenerException extends WebServerException {

	private final int port;

	/**
	 * Create a new instance.
	 * @param port the port
	 */
	public ForeignReusePortListenerException(int port) {
		super("Port " + port + " already has an SO_REUSEPORT listener that is not part of this application", null);
		this.port = port;
	}

	/**
	 * Return the port.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

}
