// Builds the Frontdesk host page (it stands in for the Mattermost web app; see root.html) into
// e2e/host/dist: root.html at the top, host.js and host.css under static/. The browser test
// copies that folder into the Mattermost server's client folder.
const fs = require('fs');
const path = require('path');

const dist = path.join(__dirname, 'dist');

// Copies the hand-written files next to the built script once webpack has emitted it.
class CopyPageFiles {
    apply(compiler) {
        compiler.hooks.afterEmit.tap('CopyPageFiles', () => {
            fs.copyFileSync(path.join(__dirname, 'root.html'), path.join(dist, 'root.html'));
            fs.cpSync(path.join(__dirname, 'static'), path.join(dist, 'static'), {recursive: true});
        });
    }
}

module.exports = {
    entry: path.join(__dirname, 'src', 'host.tsx'),
    resolve: {
        extensions: ['.ts', '.tsx', '.js', '.json'],
    },
    module: {
        rules: [
            {
                test: /\.tsx?$/,
                exclude: /node_modules/,
                use: {loader: 'ts-loader', options: {transpileOnly: true, configFile: path.join(__dirname, '..', '..', 'tsconfig.json')}},
            },
        ],
    },

    // Unlike the plugin, the host bundles React, Redux and friends: it is the page that provides them.
    output: {
        path: path.join(dist, 'static'),
        filename: 'host.js',
        clean: true,
    },
    devtool: false,
    performance: {hints: false},
    plugins: [new CopyPageFiles()],
};
