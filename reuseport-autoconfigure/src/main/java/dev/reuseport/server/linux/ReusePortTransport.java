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
 * The Netty transport that reuseport workers run on.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public enum ReusePortTransport {

	/**
	 * Native epoll where it is available (Linux with netty-transport-native-epoll), NIO
	 * otherwise or when {@code reactor.netty.native=false}.
	 */
	AUTO,

	/**
	 * Linux native epoll. Needs {@code io.netty:netty-transport-native-epoll} for the
	 * platform.
	 */
	EPOLL,

	/**
	 * Linux native io_uring. Needs {@code io.netty:netty-transport-native-io_uring} for
	 * the platform.
	 */
	IO_URING,

	/**
	 * Java NIO, with {@code StandardSocketOptions.SO_REUSEPORT}.
	 */
	NIO

}
