package io.wali4j.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Starts a host program with chosen descriptors, for execve of a native binary by a WALI process:
 * Java's ProcessBuilder can place only stdin, stdout and stderr, a WALI process's descriptors live
 * at any number.
 */
@ProviderType
public interface HostSpawner {

  /**
   * Starts {@code path} (resolved against the directory {@code cwdFd}) with {@code argv} and {@code
   * envp} ("KEY=VALUE" entries), whose descriptor {@code i} is a duplicate of host fd {@code
   * fds[i]} ({@code -1}: closed) and which has no other descriptor, default signal dispositions and
   * an empty signal mask.
   *
   * @return the host pid, or {@code -errno} (as execve would have failed: ENOENT, EACCES, ENOEXEC)
   */
  long spawn(String path, String[] argv, String[] envp, int[] fds, int cwdFd);
}
